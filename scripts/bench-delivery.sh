#!/usr/bin/env bash
# send-password to a real SMTP server on loopback: N employees, --regenerate (generate, hash,
# queue, send) then --existing (send only), beside the argon2 hashing bound measured in the
# same run, just before and just after each regenerate (`cargo bench --bench hashing --
# bound N`: N hashes on every core, as regenerate hashes them).
#
#   N=2000               employees
#   SERVER=smtp-sink     Postfix's SMTP test server (C, accepts and discards; installed with
#                        apt-get when missing), or SERVER=aiosmtpd: tests/smtp/server.py, which
#                        parses every message in Python and saves it as JSON
#   CONCURRENCY=4        [delivery] concurrency (connections)
#   RUNS=1               bound, regenerate and existing, RUNS times in a row
#   WORK=DIR             keeps the generated files
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-2000}
SERVER=${SERVER:-smtp-sink}
CONCURRENCY=${CONCURRENCY:-4}
RUNS=${RUNS:-1}
WORK=${WORK:-$(mktemp -d)}
case $SERVER in
smtp-sink)
    command -v smtp-sink >/dev/null || {
        sudo=$([ "$(id -u)" = 0 ] || echo sudo)
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postfix >/dev/null
    } ;;
aiosmtpd)
    python3 -c 'import aiosmtpd' 2>/dev/null ||
        python3 -m pip install --quiet --root-user-action=ignore aiosmtpd ;;
*) echo "SERVER must be smtp-sink or aiosmtpd" >&2; exit 2 ;;
esac
cargo build --release --locked --quiet
bin=$PWD/target/release/hrpass
export HRPASS_HOME=$WORK/home
rm -rf "$HRPASS_HOME" "$WORK/mail"; mkdir -p "$WORK/mail"
"$bin" -q init >/dev/null
python3 scripts/gen-employees.py "$N" > "$WORK/employees-$N.csv"
"$bin" -q employees import "$WORK/employees-$N.csv" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
if [ "$SERVER" = smtp-sink ]; then
    as=$([ "$(id -u)" = 0 ] && echo "-u nobody" || true)
    # shellcheck disable=SC2086
    smtp-sink $as "127.0.0.1:$port" 512 > "$WORK/server.log" 2>&1 &
    server=$!
    until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" 2>/dev/null; do sleep 0.1; done
else
    python3 tests/smtp/server.py --port "$port" --out "$WORK/mail" > "$WORK/server.log" &
    server=$!
    until grep -q READY "$WORK/server.log"; do sleep 0.1; done
fi
trap 'kill $server 2>/dev/null' EXIT
cat > "$HRPASS_HOME/hrpass.toml" <<TOML
[smtp]
host = "127.0.0.1"
port = $port
security = "none"
from = "Bench HR <hr@bench.test>"
[delivery]
transport = "smtp"
concurrency = $CONCURRENCY
[portal]
company = "Bench"
login_url = "https://portal.bench.test/login"
TOML

cargo bench --locked --quiet --bench hashing --no-run
sent() { python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['sent']))" "$1"; }
hashed() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['sent']) + len(d['failed']))" "$1"; }
# Not sent: non-ASCII addresses a server without SMTPUTF8 (inactive employees are skipped)
# cannot take (failed), as scripts/gen-employees.py makes some of each.
problems() {
    python3 -c "
import collections, json, sys
d = json.load(open(sys.argv[1]))
for kind in ('failed', 'refused'):
    for reason, n in collections.Counter(p['reason'] for p in d[kind]).most_common():
        print('  %s %d: %s' % (kind, n, reason))" "$1"
}
bound() { cargo bench --locked --quiet --bench hashing -- bound "$N" | sed -n 's/.* = \([0-9.]*\)\/s$/\1/p'; }
echo "$N employees, $SERVER on 127.0.0.1:$port, concurrency $CONCURRENCY, $(nproc) cores, $RUNS run(s)"
ratios=() existing_rates=()
for run in $(seq "$RUNS"); do
    # The bound just before and just after each regenerate run, averaged: this machine's speed
    # drifts from one minute to the next, and the two measurements bracket the run.
    before=$(bound)
    start=$(date +%s.%N)
    "$bin" -q send-password --regenerate --all --yes --format json > "$WORK/regenerate.json" 2> "$WORK/regenerate.err" || true
    mid=$(date +%s.%N)
    after=$(bound)
    bound=$(echo "($before + $after) / 2" | bc -l)
    mid2=$(date +%s.%N)
    "$bin" -q send-password --existing --all --yes --format json > "$WORK/existing.json" 2> "$WORK/existing.err" || true
    end=$(date +%s.%N)
    regen=$(hashed "$WORK/regenerate.json")
    regen_rate=$(echo "$regen / ($mid - $start)" | bc -l)
    existing=$(sent "$WORK/existing.json")
    echo "run $run"
    printf '  hashing bound: %.1f /s (%d hashes on every core: %.1f /s before, %.1f /s after)\n' "$bound" "$N" "$before" "$after"
    printf '  regenerate: %d new passwords hashed and mailed (%d accepted) in %.2f s: %.1f /s = %.2f x the bound\n' \
        "$regen" "$(sent "$WORK/regenerate.json")" "$(echo "$mid - $start" | bc)" "$regen_rate" "$(echo "$regen_rate / $bound" | bc -l)"
    printf '  existing:   %d accepted in %.2f s: %.1f /s\n' \
        "$existing" "$(echo "$end - $mid2" | bc)" "$(echo "$existing / ($end - $mid2)" | bc -l)"
    ratios+=("$(echo "$regen_rate / $bound" | bc -l)")
    existing_rates+=("$(echo "$existing / ($end - $mid2)" | bc -l)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "median of $RUNS: regenerate $(median "${ratios[@]}") x the bound; existing $(median "${existing_rates[@]}") /s"
echo "what was not sent (last run):"
echo " regenerate"; problems "$WORK/regenerate.json"
echo " existing"; problems "$WORK/existing.json"
if [ "$SERVER" = aiosmtpd ]; then echo "messages received: $(ls "$WORK/mail" | wc -l)"; fi
