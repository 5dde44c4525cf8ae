#!/usr/bin/env bash
# Restore drill (security requirement 25). Re-runnable:
#   bash bench/restore-drill.sh                     demo drill
#   bash bench/restore-drill.sh BACKUP IDENTITY     drill on a real backup
# Demo drill: makes a key pair, builds a demo database (no server), backs it
# up, restores it into a fresh folder with the identity only, and checks that
# a wrong key and a damaged file are refused and that a restore never
# overwrites a database. Real drill: restores BACKUP with IDENTITY (the
# escrow key) into a temporary folder; `dugu restore` runs SQLite's
# integrity check and verifies the whole audit chain before it places
# anything. Prints the backup's time and size, then OK; exits non-zero on
# any failure. Everything is made in a temporary folder, removed at the end.
# DUGU=path/to/dugu uses that binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DUGU:-}" ]; then
  cargo build --release -p dugu >&2
  DUGU=${CARGO_TARGET_DIR:-target}/release/dugu
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "restore drill FAILED: $*" >&2; exit 1; }

if [ $# -eq 2 ]; then
  "$DUGU" restore "$1" --data "$work/restored" --identity "$2" || fail "the backup did not restore"
  echo OK
  exit 0
fi
[ $# -eq 0 ] || { echo "usage: $0 [BACKUP IDENTITY]" >&2; exit 2; }

mkdir -m 700 "$work/keys" "$work/backups"
public=$("$DUGU" backup keygen --out "$work/keys/drill.key" 2>/dev/null)
"$DUGU" backup keygen --out "$work/keys/other.key" >/dev/null 2>&1
"$DUGU" bench load-people --data "$work/site" --people 0 --ids "$work/ids.txt" >/dev/null \
  || fail "could not build the demo database"

start=$(date +%s.%N)
"$DUGU" backup --data "$work/site" --out "$work/backups/site.sqlite.gz.age" --recipient "$public" \
  || fail "backup failed"
end=$(date +%s.%N)
db_bytes=$(stat -c %s "$work/site/dugu.sqlite")
backup_bytes=$(stat -c %s "$work/backups/site.sqlite.gz.age")
seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
echo "backup of the demo database: $seconds s, $db_bytes bytes -> $backup_bytes bytes encrypted"

"$DUGU" restore "$work/backups/site.sqlite.gz.age" --data "$work/restored" --identity "$work/keys/drill.key" \
  || fail "the backup did not restore"
[ -f "$work/restored/dugu.sqlite" ] || fail "no database after the restore"

if "$DUGU" restore "$work/backups/site.sqlite.gz.age" --data "$work/wrong" --identity "$work/keys/other.key" 2>/dev/null; then
  fail "a wrong key restored the backup"
fi
[ -z "$(ls -A "$work/wrong" 2>/dev/null)" ] || fail "a refused restore left files behind"

cp "$work/backups/site.sqlite.gz.age" "$work/damaged.age"
size=$(stat -c %s "$work/damaged.age")
printf '\x00' | dd of="$work/damaged.age" bs=1 seek=$((size / 2)) conv=notrunc status=none
if cmp -s "$work/damaged.age" "$work/backups/site.sqlite.gz.age"; then
  printf '\x01' | dd of="$work/damaged.age" bs=1 seek=$((size / 2)) conv=notrunc status=none
fi
if "$DUGU" restore "$work/damaged.age" --data "$work/damaged" --identity "$work/keys/drill.key" 2>/dev/null; then
  fail "a damaged backup restored"
fi

if "$DUGU" restore "$work/backups/site.sqlite.gz.age" --data "$work/restored" --identity "$work/keys/drill.key" 2>/dev/null; then
  fail "a restore overwrote a database"
fi
echo OK
