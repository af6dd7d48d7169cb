#!/usr/bin/env bash
# Nightly: send a new password to every employee whose password breaks the policy in force
# (after a `policy set` tightened it) or has expired. Install with cron, for example:
#
#   # m h dom mon dow  command
#   30 2 * * *  HRPASS_HOME=/srv/hrpass HRPASS_SMTP_PASSWORD=… /srv/hrpass/nightly-reset.sh
#
# What it relies on (README.md: send-password, Exit codes):
#   --yes           no prompt: cron has no terminal (without it hrpass exits 1 and says so)
#   --quiet         no status lines or progress bars
#   --format json   one JSON summary on stdout: {"sent": [...], "failed": [...], "refused": [...],
#                   "superseded": [...]} (superseded: mailed after the employee set their own)
#   exit codes      0 every target delivered; 3 some not delivered or refused (named in the
#                   summary, the undelivered ones wait in the outbox for the next run or
#                   `outbox retry`); 1 none delivered (the summary is still written); 2 usage
# Two overlapping runs never send at once: the second waits for the first's send lock.
set -uo pipefail

log_dir=${HRPASS_LOG_DIR:-/var/log/hrpass}
mkdir -p "$log_dir"
summary="$log_dir/reset-$(date +%F).json"

hrpass send-password --regenerate --non-compliant --expired --yes --quiet --format json > "$summary"
status=$?

case $status in
    0) ;;
    3) echo "hrpass: some passwords were not delivered or were refused; see $summary" >&2 ;;
    1) echo "hrpass: no password was delivered; see $summary (queued ones go with \`hrpass outbox retry\`)" >&2 ;;
    *) echo "hrpass: the nightly reset failed (exit $status); see $summary and the cron mail" >&2 ;;
esac
exit "$status"
