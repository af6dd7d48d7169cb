#!/usr/bin/env bash
# hrpass on PostgreSQL against the targets of issue 11, beside SQLite's figures from the same
# run, on a PostgreSQL server this script starts on a Unix socket (and stops):
#   1. import of a generated ROWS-row CSV (default 100000): hrpass vs psql \copy of the same
#      file into a bare table, and hrpass on SQLite;
#   2. substring search over that store, p50/p95 per query (benches/search.rs);
#   3. `verify`: through the library (benches/verify.rs: the argon2id check alone, the whole
#      sign-in, and every core signing in at once), and p50 over VERIFY runs of the command
#      (a process each: start, connect, argon2id, record).
# Needs Debian's postgresql, python3 and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
VERIFY=${VERIFY:-21}
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
bin_dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$bin_dir/initdb" ] || { echo "PostgreSQL is missing: apt-get install postgresql" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

top=$(mktemp -d /tmp/hrpass-bench-pg-XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres:postgres "$top"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg "$bin_dir/initdb" --auth=trust --username=hrpass --encoding=UTF8 -D "$top/data" >/dev/null
as_pg "$bin_dir/pg_ctl" -D "$top/data" -l "$top/server.log" -o "-k $top -p $port -c listen_addresses=''" -w start >/dev/null
trap 'as_pg "$bin_dir/pg_ctl" -D "$top/data" -m fast stop >/dev/null; rm -rf "$top"' EXIT
psql() { "$bin_dir/psql" -X -q -h "$top" -p "$port" -U hrpass "$@"; }
url() { echo "postgresql://hrpass@$(echo "$top" | sed 's|/|%2F|g'):$port/$1"; }

cargo build --release --locked --quiet
bin=$PWD/target/release/hrpass
echo "machine: $(nproc) cores; PostgreSQL $(psql -d postgres -At -c 'SHOW server_version') on a Unix socket"

csv=$WORK/employees-$ROWS.csv
[ -f "$csv" ] || python3 scripts/gen-employees.py "$ROWS" > "$csv"

psql -d postgres -c "CREATE DATABASE hr" -c "CREATE DATABASE bare"
pg_home=$WORK/pg-home; rm -rf "$pg_home"
HRPASS_HOME=$pg_home "$bin" -q init --store "$(url hr)" >/dev/null
pg_import=$( { HRPASS_HOME=$pg_home /usr/bin/time -f '%e' "$bin" -q employees import "$csv" >/dev/null; } 2>&1 | tail -1)

header=$(head -1 "$csv" | tr ',' '\n' | sed 's/.*/"&" text/' | paste -sd, -)
psql -d bare -c "CREATE TABLE employees ($header)"
copy=$( { /usr/bin/time -f '%e' "$bin_dir/psql" -X -q -h "$top" -p "$port" -U hrpass -d bare \
    -c "\\copy employees FROM '$csv' WITH (FORMAT csv, HEADER true)"; } 2>&1 | tail -1)

sq_home=$WORK/sqlite-home; rm -rf "$sq_home"
HRPASS_HOME=$sq_home "$bin" -q init >/dev/null
sq_import=$( { HRPASS_HOME=$sq_home /usr/bin/time -f '%e' "$bin" -q employees import "$csv" >/dev/null; } 2>&1 | tail -1)
printf 'import %d rows: hrpass on PostgreSQL %.2f s, psql \\copy %.2f s (ratio %.2f); hrpass on SQLite %.2f s\n' \
    "$ROWS" "$pg_import" "$copy" "$(echo "$pg_import / $copy" | bc -l)" "$sq_import"

echo; echo "search, PostgreSQL:"
cargo bench --locked --quiet --bench search -- "$(url hr)"
echo; echo "search, SQLite:"
cargo bench --locked --quiet --bench search -- "$sq_home"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for engine in postgresql sqlite; do
    home=$pg_home; [ "$engine" = sqlite ] && home=$sq_home
    code=$(head -2 "$csv" | tail -1 | cut -d, -f1)
    printf 'bench-Pass-word-%s\n' 42 | HRPASS_HOME=$home "$bin" -q passwd "$code" >/dev/null
    times=()
    for _ in $(seq "$VERIFY"); do
        start=$(date +%s%N)
        printf 'bench-Pass-word-%s\n' 42 | HRPASS_HOME=$home "$bin" -q verify "$code" >/dev/null
        times+=("$(( ($(date +%s%N) - start) / 1000000 ))")
    done
    echo "verify on $engine, library:"
    url_or_home=$home; [ "$engine" = postgresql ] && url_or_home=$(url hr)
    cargo bench --locked --quiet --bench verify -- "$url_or_home" "$code"
    echo "verify on $engine, command: p50 $(printf '%s\n' "${times[@]}" | median) ms over $VERIFY runs (process start, store, argon2id and the audit write)"
done
echo "work files in $WORK"
