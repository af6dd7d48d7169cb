#!/usr/bin/env bash
# The long fault trials behind RELIABILITY.md: KILLS (default 500) `kill -9`s at random
# moments of a send, each followed by recovery and the life-cycle invariant for the employees
# it touched; then ROUNDS (default 5) of the 2- and 4-process concurrency trials.
# Usage: scripts/crash-trials.sh   (HRPASS_TRIAL_SEED=N reruns one random sequence)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${KILLS:-500}
rounds=${ROUNDS:-5}
run() { cargo test --locked --features failpoints --test main -- --nocapture --test-threads 1 "$@"; }
# A failure shows its message: the lines after "panicked" say which employee and why.
HRPASS_KILLS=$kills run crashes::kill_9 2>&1 | grep -E -A4 'trial|test result|panicked'
for _ in $(seq "$rounds"); do
    run crashes::two_processes crashes::four_processes 2>&1 |
        grep -E -A4 'concurrency trial:|test result|panicked'
done
run crashes::a_crash_at_every_step_boundary lifecycle:: 2>&1 | grep -E -A4 'test result|panicked'
