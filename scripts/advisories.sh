#!/usr/bin/env bash
# cargo-deny's advisories check against a local copy of the RustSec advisory database (these
# machines cannot download it, so it is not part of scripts/test.sh).
# Usage: scripts/advisories.sh /path/to/advisory-db   (a git clone of rustsec/advisory-db)
set -euo pipefail
cd "$(dirname "$0")/.."
source_db=${1:?usage: scripts/advisories.sh /path/to/advisory-db (a git clone)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# cargo-deny looks for the default database under db-path by this name.
db="$work/dbs/advisory-db-3157b0e258782691"
mkdir -p "$work/dbs"
git clone --quiet "$source_db" "$db"
touch "$db/.git/FETCH_HEAD"
cp deny.toml "$work/deny.toml"
printf '\n[advisories]\ndb-path = "%s"\n' "$work/dbs" >> "$work/deny.toml"
echo "advisory database: $(git -C "$db" log -1 --format='%H, committed %cI')"
cargo deny --config "$work/deny.toml" --offline check advisories
