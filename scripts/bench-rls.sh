#!/usr/bin/env bash
# What PostgreSQL's row-level security costs a scoped operator (issue 22). On a store of ROWS
# generated employees (default 100000), on a server this script starts on a Unix socket, the
# same queries are timed (psql's \timing, best of RUNS) as the superuser, as an hr-admin's
# login (the policy admits every row) and as an hr-manager's login scoped to one department;
# then `hrpass employees search` as each (a process a run, best of RUNS). Needs Debian's
# postgresql and python3; builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
RUNS=${RUNS:-5}
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
bin_dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$bin_dir/initdb" ] || { echo "PostgreSQL is missing: apt-get install postgresql" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
top=$(mktemp -d /tmp/hrpass-bench-rls-XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres:postgres "$top"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg "$bin_dir/initdb" --auth=trust --username=hrpass --encoding=UTF8 -D "$top/data" >/dev/null
as_pg "$bin_dir/pg_ctl" -D "$top/data" -l "$top/server.log" -o "-k $top -p $port -c listen_addresses=''" -w start >/dev/null
trap 'as_pg "$bin_dir/pg_ctl" -D "$top/data" -m fast stop >/dev/null; rm -rf "$top"' EXIT
socket=$(echo "$top" | sed 's|/|%2F|g')
url() { echo "postgresql://$1@$socket:$port/hr"; }
psql_as() { "$bin_dir/psql" -X -q -At -h "$top" -p "$port" -U "$1" -d hr "${@:2}"; }
"$bin_dir/psql" -X -q -h "$top" -p "$port" -U hrpass -d postgres -c "CREATE DATABASE hr"

cargo build --release --locked --quiet
bin=$PWD/target/release/hrpass
csv=$WORK/employees-$ROWS.csv
[ -f "$csv" ] || python3 scripts/gen-employees.py "$ROWS" > "$csv"
home=$WORK/home; rm -rf "$home"
export HRPASS_HOME=$home XDG_RUNTIME_DIR=$WORK/run
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
HRPASS_STORE=$(url hrpass) "$bin" -q init --store "$(url hrpass)" >/dev/null
"$bin" -q employees import "$csv" >/dev/null 2>&1
department=$(psql_as hrpass -c "SELECT department FROM employees GROUP BY 1 ORDER BY count(*) LIMIT 1")
in_scope=$(psql_as hrpass -c "SELECT count(*) FROM employees WHERE department = '$department'")

# The first hr-admin, signed in with a code from their key (what an authenticator app does).
password="correct horse battery staple 9"
key=$(echo "$password" | "$bin" -q operator add bench_admin --role hr-admin | awk '/^Key:/ {print $2}')
totp() {
    python3 - "$1" <<'PY'
import base64, hmac, hashlib, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
at = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[at:at + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}
export HRPASS_STORE=$(url bench_admin)
printf '%s\n%s\n' "$password" "$(totp "$key")" | "$bin" -q login bench_admin
"$bin" -q operator add bench_manager --role hr-manager --departments "$department" </dev/null
manager_token=$("$bin" -q operator token bench_manager --expires 1d)

best() { sort -n | head -1; }
timed_sql() { # ROLE SQL: the best of RUNS, in ms
    for _ in $(seq "$RUNS"); do
        psql_as "$1" -c '\timing on' -c "$2" | awk '/^Time:/ {print $2}'
    done | best
}
echo "machine: $(nproc) cores; PostgreSQL $(psql_as hrpass -c 'SHOW server_version'); $ROWS employees, $in_scope in the manager's department ($department)"
printf '%-48s %12s %12s %12s\n' query superuser hr-admin hr-manager
for q in "SELECT count(*) FROM employees" \
         "SELECT count(*) FROM employees WHERE search_key LIKE '%muller%'" \
         "SELECT code FROM employees WHERE search_key LIKE '%muller%' ORDER BY code LIMIT 50" \
         "SELECT count(*) FROM credentials"; do
    printf '%-48s %9s ms %9s ms %9s ms\n' "${q:0:48}" \
        "$(timed_sql hrpass "$q")" "$(timed_sql bench_admin "$q")" "$(timed_sql bench_manager "$q")"
done
timed_cli() { # STORE-USER [TOKEN]: best wall time of `employees search muller --limit 50`, ms
    for _ in $(seq "$RUNS"); do
        start=$(date +%s%N)
        HRPASS_STORE=$(url "$1") HRPASS_TOKEN=${2:-} "$bin" -q employees search muller --limit 50 >/dev/null
        echo $(( ($(date +%s%N) - start) / 1000000 ))
    done | best
}
echo "hrpass employees search muller --limit 50 (a process each): hr-admin $(timed_cli bench_admin) ms, hr-manager $(HRPASS_STORE= timed_cli bench_manager "$manager_token") ms"
