#!/usr/bin/env bash
# The long fault trials behind RELIABILITY.md: KILLS (default 500) `kill -9`s at random
# moments of a send, each followed by recovery and the life-cycle invariant for the employees
# it touched; then ROUNDS (default 5) of the 2- and 4-process concurrency trials.
# Usage: scripts/crash-trials.sh   (HRPASS_TRIAL_SEED=N reruns one random sequence)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${KILLS:-500}
rounds=${ROUNDS:-5}
HRPASS_KILLS=$kills cargo test --locked --features failpoints --test main \
    crashes::kill_9 -- --nocapture 2>&1 | grep -E 'trial|test result'
for round in $(seq "$rounds"); do
    cargo test --locked --features failpoints --test main \
        crashes::two_processes crashes::four_processes -- --nocapture --test-threads 1 2>&1 |
        grep -E 'concurrency trial:|test result'
done
