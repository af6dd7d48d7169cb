#!/usr/bin/env bash
# The benchmarks behind BENCHMARKS.md, in one run on one machine:
#   1. import of generated 100k and 1M-row CSVs: hrpass vs the sqlite3 shell's bare .import,
#      and vs the shell doing the same work (scripts/sqlite3-same-work.sh: the table, unique
#      code, manager index and trigram index; indexes built after the rows, and kept in step
#      before them), wall time (median of RUNS) and hrpass's peak RSS;
#   2. substring search over the 1M-employee store, p50/p95 per query;
#   3. argon2id hashes per second, hrpass's Hasher against the argon2 crate alone.
# Needs python3, sqlite3 and GNU time (installed here with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
WORK=${WORK:-$(mktemp -d)}
missing=()
command -v sqlite3 >/dev/null || missing+=(sqlite3)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release --locked --quiet
bin=$PWD/target/release/hrpass
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 shell /')"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for rows in 100000 1000000; do
    csv=$WORK/employees-$rows.csv
    [ -f "$csv" ] || python3 scripts/gen-employees.py "$rows" > "$csv"
    hr_times=() ; sq_times=() ; after_times=() ; before_times=() ; rss=()
    for _ in $(seq "$RUNS"); do
        home=$WORK/home-$rows
        rm -rf "$home"
        HRPASS_HOME=$home "$bin" -q init >/dev/null
        out=$( { HRPASS_HOME=$home /usr/bin/time -f '%e %M' "$bin" -q employees import "$csv" >/dev/null; } 2>&1 )
        hr_times+=("$(echo "$out" | tail -1 | cut -d' ' -f1)")
        rss+=("$(echo "$out" | tail -1 | cut -d' ' -f2)")
        db=$WORK/sqlite3-$rows.db
        rm -f "$db"
        out=$( { /usr/bin/time -f '%e' sqlite3 "$db" '.mode csv' ".import $csv employees"; } 2>&1 )
        sq_times+=("$(echo "$out" | tail -1)")
        out=$( { /usr/bin/time -f '%e' scripts/sqlite3-same-work.sh after "$csv" "$db"; } 2>&1 )
        after_times+=("$(echo "$out" | tail -1)")
        # Row by row the shell takes minutes at 1M: once.
        if [ ${#before_times[@]} -eq 0 ]; then
            out=$( { /usr/bin/time -f '%e' scripts/sqlite3-same-work.sh before "$csv" "$db"; } 2>&1 )
            before_times+=("$(echo "$out" | tail -1)")
        fi
    done
    hr=$(printf '%s\n' "${hr_times[@]}" | median)
    sq=$(printf '%s\n' "${sq_times[@]}" | median)
    after=$(printf '%s\n' "${after_times[@]}" | median)
    mem=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
    printf 'import %7d rows: hrpass %6.2f s (runs: %s), peak RSS %d MiB\n' "$rows" "$hr" "${hr_times[*]}" "$((mem / 1024))"
    printf '    sqlite3 bare .import            %6.2f s (runs: %s), hrpass/that %.2f\n' \
        "$sq" "${sq_times[*]}" "$(echo "$hr / $sq" | bc -l)"
    printf '    sqlite3 same work, indexes after %6.2f s (runs: %s), hrpass/that %.2f\n' \
        "$after" "${after_times[*]}" "$(echo "$hr / $after" | bc -l)"
    if [ ${#before_times[@]} -gt 0 ]; then
        printf '    sqlite3 same work, indexes before %5.2f s (one run), hrpass/that %.2f\n' \
            "${before_times[0]}" "$(echo "$hr / ${before_times[0]}" | bc -l)"
    fi
done

echo
cargo bench --locked --quiet --bench search -- "$WORK/home-1000000"
echo
cargo bench --locked --quiet --bench hashing
echo "work files in $WORK"
