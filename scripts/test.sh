#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs every test.
#   aiosmtpd (PyPI)  — the real SMTP server the delivery tests talk to
#   msmtp (Debian)   — the sendmail-compatible client the sendmail transport's tests use
#   strace (Debian)  — counts the syscalls a SQLite commit syncs with
#   PostgreSQL (Debian)  — the shared store's tests start their own server with initdb/pg_ctl
#   cargo-deny (crates.io) — checks deny.toml: licenses, banned crates, registries
#   Chromium and ChromeDriver (Debian: chromium, chromium-driver) — the portal's browser journey
# The tests build hrpass with its crash points (`--features failpoints`, test builds only).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo >/dev/null || { echo "cargo is missing: this project needs a Rust toolchain" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is missing: the delivery tests run aiosmtpd with it" >&2; exit 1; }

if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore aiosmtpd
fi

# Debian packages: msmtp, and PostgreSQL (the tests run initdb and pg_ctl themselves; as
# root they run them as the `postgres` user the package creates).
debian=()
command -v msmtp >/dev/null || debian+=(msmtp)
command -v strace >/dev/null || debian+=(strace)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || debian+=(postgresql)
[ -x /usr/bin/chromium ] || debian+=(chromium)
[ -x /usr/bin/chromedriver ] || debian+=(chromium-driver)
if [ ${#debian[@]} -gt 0 ]; then
    sudo=$([ "$(id -u)" = 0 ] || echo sudo)
    export DEBIAN_FRONTEND=noninteractive
    echo "installing ${debian[*]} from Debian's packages…" >&2
    $sudo apt-get install -y -qq "${debian[@]}" >/dev/null ||
        { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${debian[@]}" >/dev/null; }
fi

# The dependency rules of deny.toml (licenses, banned crates, registries only).
if ! command -v cargo-deny >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
    echo "installing cargo-deny 0.20.2 from crates.io (a few minutes, once)…" >&2
    cargo install --locked --quiet cargo-deny --version 0.20.2
fi
PATH="$HOME/.cargo/bin:$PATH" cargo deny --log-level error check bans licenses sources

# Every test on the SQLite store, then the integration suite again on PostgreSQL (each test
# its own database on a server the test run starts; see tests/common/pg.rs).
cargo test --locked --features failpoints "$@"
echo "— the integration suite again, on PostgreSQL —" >&2
HRPASS_TEST_STORE=postgres cargo test --locked --features failpoints --test main "$@"
