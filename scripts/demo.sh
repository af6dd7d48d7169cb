#!/usr/bin/env bash
# The main job on the bundled examples, in a throw-away home: init, upload, reporting lines,
# search, the "Selected employees" list, the password policy, a password set and checked, and
# send-password to the selection with the file transport (.eml files instead of SMTP).
# The home is kept so the mailed .eml files can be opened: KEEP=DIR puts it there (default: a
# new folder under /tmp, printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --quiet
hrpass() {
    printf '\n$ hrpass %s\n' "$*" >&2
    target/debug/hrpass "$@"
}
KEEP=${KEEP:-$(mktemp -d /tmp/hrpass-demo.XXXXXX)}
HRPASS_HOME="$KEEP/home"
[ ! -e "$HRPASS_HOME" ] || { echo "$HRPASS_HOME exists already: pick another KEEP=DIR" >&2; exit 2; }
export HRPASS_HOME

hrpass init
hrpass employees validate examples/employees.csv
hrpass employees import examples/employees.csv
hrpass relations import examples/relations.csv
hrpass employees search smith
hrpass employees search --manager E0002 --recursive
hrpass select add E0002 "Zoë Müller" kierkegaard
hrpass select list
hrpass --format json employees show E0001
hrpass policy show
echo "lantern-Quokka-orbit-73" | hrpass passwd E0002
echo "lantern-Quokka-orbit-73" | hrpass verify E0002
hrpass template preview new-password --employee E0001
# The main job, with the file transport that `init` configures (no mail server needed):
hrpass send-password --regenerate --yes
hrpass send-password --existing --to E0001 E0003 --yes || true   # E0003 was never issued one: refused, exit 3
hrpass outbox list
ls -l "$HRPASS_HOME/outbox-mail"
hrpass log --limit 8
printf '\nThe demo home is kept in %s: the mailed messages are the .eml files in\n%s/outbox-mail (they hold passwords: delete the folder when done).\n' \
    "$HRPASS_HOME" "$HRPASS_HOME" >&2
