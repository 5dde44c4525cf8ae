#!/usr/bin/env bash
# Sync rounds (issue 14, items 2 and 7). Re-runnable:
#   bash bench/sync-round.sh [FIELDS]     (default 10,000 changed fields)
#   DUGU=target/debug/dugu bash bench/sync-round.sh   (another binary;
#                                          default target/release/dugu,
#                                          built if missing)
# Starts a hub (`dugu demo`) on loopback, enrols a Kita site, then times
# `dugu sync` (a whole process: start, open, round, exit) for: a round
# with nothing to do; a round pushing FIELDS phone changes made at the
# site; a round pulling FIELDS phone changes made at the hub. Prints the
# contract's line, requests, bytes on the wire both ways (sync payload
# bodies, no HTTP headers), bytes per op, wall time, and CPU seconds of
# the `dugu sync` process and of the hub during the round (the machine
# may be shared: CPU is what a quiet one would also spend). Never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
fields=${1:-10000}
dugu=${DUGU:-target/release/dugu}
[ -x "$dugu" ] || cargo build --release -p dugu
out=bench/out/sync-round
rm -rf "$out"
mkdir -p "$out"
password=dugu-demo-2026
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
hub=
start_hub() {
  DUGU_DEMO_PASSWORD=$password "$dugu" demo --data "$out/hub" --listen "127.0.0.1:$port" --sync-every 0 \
    >>"$out/hub.log" 2>&1 &
  hub=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.2; done
  echo "the hub did not start" >&2
  exit 1
}
trap '[ -n "$hub" ] && kill $hub 2>/dev/null || true' EXIT
start_hub
token=$(curl -s -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/v1/login" | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
kita=$(sqlite3 "$out/hub/dugu.sqlite" "SELECT id FROM locations WHERE code = 'KIT'")
code=$(curl -s -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"location_id\":\"$kita\"}" "http://127.0.0.1:$port/api/v1/sites" |
  python3 -c 'import sys, json; print(json.load(sys.stdin)["enrolment_code"])')
"$dugu" enrol --data "$out/kita" --hub "http://127.0.0.1:$port" --code="$code"
sqlite3 "$out/kita/dugu.sqlite" "SELECT id FROM people" >"$out/kita-ids.txt"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); binary: $dugu"

round() {
  local label=$1 ops=$2 t0 t1 line bytes
  t0=$(date +%s%N)
  local h0 h1
  h0=$(awk '{print $14 + $15}' "/proc/$hub/stat")
  DUGU_SYNC_BYTES=1 /usr/bin/time -f "%U %S" -o "$out/cpu" "$dugu" sync --data "$out/kita" >"$out/line" 2>"$out/bytes"
  t1=$(date +%s%N)
  h1=$(awk '{print $14 + $15}' "/proc/$hub/stat")
  line=$(cat "$out/line")
  bytes=$(grep -o '[0-9]* requests, [0-9]* bytes sent, [0-9]* bytes received' "$out/bytes")
  local sent received
  sent=$(echo "$bytes" | awk '{print $3}')
  received=$(echo "$bytes" | awk '{print $6}')
  printf '%-34s %-36s %s; %d ms; CPU site %s s, hub %d ms; load %s' "$label:" "$line" "$bytes" \
    $(((t1 - t0) / 1000000)) "$(awk '{printf "%.2f", $1 + $2}' "$out/cpu")" \
    $(((h1 - h0) * 1000 / $(getconf CLK_TCK))) "$(cut -d' ' -f1 /proc/loadavg)"
  if [ "$ops" -gt 0 ]; then
    printf '; %.1f bytes/op' "$(echo "($sent + $received) / $ops" | bc -l)"
  fi
  echo
}

round "first round after enrolment" 0
for i in 1 2 3; do round "idle round $i" 0; done
"$dugu" bench edit-phones --data "$out/kita" --username director.kita --ids "$out/kita-ids.txt" --fields "$fields"
round "push $fields changed fields" "$fields"
round "idle round" 0
# The hub's database is written directly by the bench: stop it meanwhile.
kill $hub
wait $hub 2>/dev/null || true
"$dugu" bench edit-phones --data "$out/hub" --username director.kita --ids "$out/kita-ids.txt" --fields "$fields"
start_hub
round "pull $fields changed fields" "$fields"
round "idle round" 0
"$dugu" check --data "$out/kita" | tail -1
# Bytes per op on disk at the site: the log's table and its index by
# record (pages as SQLite lays them out, free space in them included).
sqlite3 "$out/kita/dugu.sqlite" "SELECT printf('on disk at the site: %d ops, %.0f bytes per op in the log, %.0f in its index by record',
  (SELECT COUNT(*) FROM ops),
  (SELECT SUM(pgsize) FROM dbstat WHERE name = 'ops') * 1.0 / (SELECT COUNT(*) FROM ops),
  (SELECT SUM(pgsize) FROM dbstat WHERE name = 'ops_by_entity') * 1.0 / (SELECT COUNT(*) FROM ops))"
