#!/usr/bin/env bash
# Load on `hrpass serve` (BENCHMARKS.md, issue 20): forward-auth rate and latency, sign-ins per
# second against the argon2id bound, and 1,000 sign-in attempts at once (503s, peak RSS).
# Built with the `profiling` profile (release's optimisation without its fat LTO, so the
# bench is minutes quicker to build); SQLite store in a new home under $WORK.
#   WORK=/tmp/bench-portal SECONDS_EACH=5 scripts/bench-portal.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-$(mktemp -d /tmp/hrpass-bench-portal.XXXXXX)}
export SECONDS_EACH=${SECONDS_EACH:-5}
cargo build --locked --quiet --profile profiling --bin hrpass
# A copy: `cargo bench` below may build the binary again (the bench's features), and the
# server should run (and a profiler find its symbols in) the file it started from.
mkdir -p "$WORK"
cp target/profiling/hrpass "$WORK/hrpass"
bin=$WORK/hrpass
export HRPASS_HOME="$WORK/home"
rm -rf "$HRPASS_HOME"
"$bin" init >/dev/null 2>&1
"$bin" employees import examples/employees.csv >/dev/null 2>&1
echo "bench-Pass-word-42" | "$bin" passwd E0001 >/dev/null
# As deployed behind the company's reverse proxy: the bench is that proxy (loopback, trusted),
# and every sign-in comes from its own employee's address (X-Forwarded-For), so the default
# per-address limit stays and holds nobody back.
sed -i 's/^\[portal\]$/[portal]\ntrusted_proxies = ["127.0.0.1"]/' "$HRPASS_HOME/hrpass.toml"
"$bin" serve --listen 127.0.0.1:0 > "$WORK/serve.out" 2> "$WORK/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's#^hrpass portal listening on \(http://[^/]*\)/$#\1#p' "$WORK/serve.out")
echo "hrpass serve at $base (pid $pid), $(nproc) cores" >&2
cargo bench --locked --quiet --profile profiling --bench portal -- "$base" "$HRPASS_HOME" E0001 "$pid"
