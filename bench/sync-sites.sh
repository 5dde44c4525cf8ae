#!/usr/bin/env bash
# Twenty sites syncing at once (issue 14, item 9). Re-runnable:
#   bash bench/sync-sites.sh [SITES] [PUSH] [PULL]
#       (default 20 sites, each pushing 500 and pulling 250 changed fields)
#   DUGU=target/debug/dugu bash bench/sync-sites.sh   (another binary;
#                                          default target/release/dugu,
#                                          built if missing)
# Starts a hub (`dugu demo`: five villages), adds villages until there are
# SITES places a site serves (`dugu bench add-villages`: a director and 40
# fictional people each, each village its own record series, so no two
# sites number records in one series), enrols one site per village, makes
# PUSH phone changes at each site and PULL at the hub in each village,
# then starts every site's `dugu sync` at the same moment. Prints each
# endpoint's requests, p95 and maximum latency as the hub logs them
# (`duration_ms` of its request log: from the request read to the answer
# written), each site's wall and CPU time, and the hub's CPU seconds.
# Each village's phones change at the site and at the hub: conflicts are
# expected (the merge's work is part of the round). Never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
sites=${1:-20}
push=${2:-500}
pull=${3:-250}
dugu=${DUGU:-target/release/dugu}
[ -x "$dugu" ] || cargo build --release -p dugu
out=bench/out/sync-sites
rm -rf "$out"
mkdir -p "$out"
export DUGU_DEMO_PASSWORD=dugu-demo-2026
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
hub=
start_hub() {
  "$dugu" demo --data "$out/hub" --listen "127.0.0.1:$port" --sync-every 0 >>"$out/hub.log" 2>&1 &
  hub=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.2; done
  echo "the hub did not start" >&2
  exit 1
}
stop_hub() {
  kill "$hub"
  wait "$hub" 2>/dev/null || true
  hub=
}
trap '[ -n "$hub" ] && kill $hub 2>/dev/null || true' EXIT
start_hub
# The demo's villages and their directors; the rest are added.
places=(SAN:director.sanankoroba KIT:director.kita SOC:director.socoura KHO:director.khouloum MOP:director.mopti)
stop_hub
extra=$((sites > ${#places[@]} ? sites - ${#places[@]} : 0))
if [ "$extra" -gt 0 ]; then
  "$dugu" bench add-villages --data "$out/hub" --villages "$extra" --people 40 >"$out/villages.txt"
  while read -r code _ username; do places+=("$code:$username"); done <"$out/villages.txt"
fi
places=("${places[@]:0:$sites}")
start_hub
token=$(curl -s -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$DUGU_DEMO_PASSWORD\"}" \
  "http://127.0.0.1:$port/api/v1/login" | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
for place in "${places[@]}"; do
  code=${place%%:*}
  id=$(sqlite3 "$out/hub/dugu.sqlite" "SELECT id FROM locations WHERE code = '$code'")
  enrolment=$(curl -s -H "authorization: Bearer $token" -H 'content-type: application/json' \
    -d "{\"location_id\":\"$id\"}" "http://127.0.0.1:$port/api/v1/sites" |
    python3 -c 'import sys, json; print(json.load(sys.stdin)["enrolment_code"])')
  "$dugu" enrol --data "$out/site-$code" --hub "http://127.0.0.1:$port" --code="$enrolment" >/dev/null
  sqlite3 "$out/site-$code/dugu.sqlite" "SELECT id FROM people" >"$out/ids-$code.txt"
  "$dugu" bench edit-phones --data "$out/site-$code" --username "${place#*:}" --ids "$out/ids-$code.txt" \
    --fields "$push" 2>/dev/null
done
# The hub's database is written directly by the bench: stop it meanwhile.
stop_hub
for place in "${places[@]}"; do
  code=${place%%:*}
  "$dugu" bench edit-phones --data "$out/hub" --username "${place#*:}" --ids "$out/ids-$code.txt" \
    --fields "$pull" 2>/dev/null
done
start_hub
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); binary: $dugu"
echo "$sites sites at once, each pushing $push and pulling $pull changed fields; load $(cut -d' ' -f1 /proc/loadavg)"
mark=$(wc -l <"$out/hub.log")
cpu0=$(awk '{print $14 + $15}' "/proc/$hub/stat")
t0=$(date +%s%N)
pids=()
for place in "${places[@]}"; do
  code=${place%%:*}
  (
    s0=$(date +%s%N)
    /usr/bin/time -f "%U %S" -o "$out/cpu-$code.txt" "$dugu" sync --data "$out/site-$code" >"$out/sync-$code.txt" 2>&1 ||
      echo "FAILED" >>"$out/sync-$code.txt"
    echo "$(((($(date +%s%N) - s0)) / 1000000)) ms" >>"$out/sync-$code.txt"
  ) &
  pids+=($!)
done
wait "${pids[@]}"
t1=$(date +%s%N)
cpu1=$(awk '{print $14 + $15}' "/proc/$hub/stat")
echo "all rounds done in $(((t1 - t0) / 1000000)) ms; hub CPU $(((cpu1 - cpu0) * 1000 / $(getconf CLK_TCK))) ms; load $(cut -d' ' -f1 /proc/loadavg)"
for place in "${places[@]}"; do
  code=${place%%:*}
  printf '  %-5s %s; CPU %s s user, %s s sys\n' "$code" "$(tr '\n' ' ' <"$out/sync-$code.txt")" \
    $(cat "$out/cpu-$code.txt")
done
echo "the sites' CPU in all (they share the hub's cores here): \
$(cat "$out"/cpu-*.txt | awk '{s += $1 + $2} END {printf "%.2f", s}') s"
tail -n +"$((mark + 1))" "$out/hub.log" | grep -o 'http.route=[^ ]* http.status=[0-9]* duration_ms=[0-9]*' |
  grep -v healthz | python3 -c '
import sys, collections, math
by = collections.defaultdict(list)
for line in sys.stdin:
    route, status, ms = (f.split("=", 1)[1] for f in line.split())
    by[(route, status)].append(int(ms))
print("  %-34s %6s %8s %7s %7s" % ("endpoint", "status", "requests", "p95 ms", "max ms"))
for (route, status), ms in sorted(by.items()):
    ms.sort()
    p95 = ms[math.ceil(0.95 * len(ms)) - 1]
    print("  %-34s %6s %8d %7d %7d" % (route, status, len(ms), p95, ms[-1]))
'
for place in "${places[@]:0:2}"; do
  code=${place%%:*}
  echo "dugu check, site $code: $("$dugu" check --data "$out/site-$code" | tail -1)"
done
