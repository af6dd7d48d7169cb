#!/usr/bin/env bash
# Regenerates completions/ and the man page from the CLI definition.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --quiet
bin=target/debug/hrpass
mkdir -p completions
"$bin" completions bash > completions/hrpass.bash
"$bin" completions zsh > completions/_hrpass
"$bin" completions fish > completions/hrpass.fish
"$bin" completions powershell > completions/_hrpass.ps1
"$bin" completions elvish > completions/hrpass.elv
"$bin" man > completions/hrpass.1
rm -rf completions/man
"$bin" man --dir completions/man
echo "completions/ regenerated"
