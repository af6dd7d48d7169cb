#!/usr/bin/env bash
# send-password against a real SMTP server (aiosmtpd, tests/smtp/server.py) on loopback:
# N employees, --regenerate (generate + hash + send) and then --existing (send only).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-2000}
WORK=${WORK:-$(mktemp -d)}
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet --root-user-action=ignore aiosmtpd
cargo build --release --locked --quiet
bin=$PWD/target/release/hrpass
export HRPASS_HOME=$WORK/home
rm -rf "$HRPASS_HOME" "$WORK/mail"; mkdir -p "$WORK/mail"
"$bin" -q init >/dev/null
python3 scripts/gen-employees.py "$N" > "$WORK/employees-$N.csv"
"$bin" -q employees import "$WORK/employees-$N.csv" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 tests/smtp/server.py --port "$port" --out "$WORK/mail" > "$WORK/server.log" &
server=$!
trap 'kill $server 2>/dev/null' EXIT
until grep -q READY "$WORK/server.log"; do sleep 0.1; done
cat > "$HRPASS_HOME/hrpass.toml" <<TOML
[smtp]
host = "127.0.0.1"
port = $port
security = "none"
from = "HR <hr@example.com>"
[delivery]
transport = "smtp"
TOML
echo "$N employees, aiosmtpd on 127.0.0.1:$port, $(nproc) cores"
start=$(date +%s.%N)
"$bin" -q send-password --regenerate --all --yes --format json > "$WORK/regenerate.json" || true
mid=$(date +%s.%N)
"$bin" -q send-password --existing --all --yes --format json > "$WORK/existing.json" || true
end=$(date +%s.%N)
sent() { python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['sent']))" "$1"; }
printf 'regenerate: %d sent in %.2f s (%.1f /s)\n' "$(sent "$WORK/regenerate.json")" "$(echo "$mid - $start" | bc)" "$(echo "$(sent "$WORK/regenerate.json") / ($mid - $start)" | bc -l)"
printf 'existing:   %d sent in %.2f s (%.1f /s)\n' "$(sent "$WORK/existing.json")" "$(echo "$end - $mid" | bc)" "$(echo "$(sent "$WORK/existing.json") / ($end - $mid)" | bc -l)"
echo "messages received: $(ls "$WORK/mail" | wc -l)"
