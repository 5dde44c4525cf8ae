#!/usr/bin/env bash
# Relief desk benchmark (issue 15, item 12: a receipt's p95 < 50 ms at
# 100,000 households). Re-runnable:
#   bash bench/relief-receipts.sh [HOUSEHOLDS] [RECEIPTS]   (default 100,000 and 2,000)
# Loads a fresh demo database with HOUSEHOLDS households at Mopti's two
# sites, each registered for relief with one entitlement in an open cycle
# (through the write path), then, as relief.mopti, times RECEIPTS
# hand-overs in process (the command with its checks and its commit), a
# replay of each of the first 1,000 (same client UUID) and a refused
# second hand-over of each (audited). Prints a Markdown table for
# docs/benchmarks.md; deletes its database. Never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
households=${1:-100000}
receipts=${2:-2000}
out=$(mktemp -d /tmp/relief-receipts.XXXXXX)
trap 'rm -rf "$out"' EXIT
profile=${PROFILE:-debug}
if [ "$profile" = release ]; then cargo build --release -p dugu >&2; else cargo build -p dugu >&2; fi
echo "## Relief receipts — $(date -u +%Y-%m-%d), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $profile build"
echo
"target/$profile/dugu" bench relief-receipts --data "$out/data" --households "$households" --receipts "$receipts"
