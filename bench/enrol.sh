#!/usr/bin/env bash
# Enrolment of a site (issue 14, item 9). Re-runnable:
#   bash bench/enrol.sh [CHILDREN] [DUGU]   (default 250,000 children: a
#                                            fifth, ~50,000, at Kita)
# Loads CHILDREN fictional children with their care records (growth
# measurements, vaccinations, medical visits, day-care attendance) at five
# sites into a hub through the write path (`dugu bench load-care`), starts
# `dugu demo` on it, creates a Kita site as the administrator
# (`POST /api/v1/sites`) and times `dugu enrol` over loopback. Prints the
# operations pulled, the bytes received (wire), the site's database by
# `dbstat` (disk), the wall time and peak memory. Never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
children=${1:-250000}
dugu=${2:-target/release/dugu}
out=bench/out/enrol
rm -rf "$out"
mkdir -p "$out"
password=dugu-demo-2026
"$dugu" bench load-care --data "$out/hub" --children "$children" --per-child 4 \
  --visits $((children * 4)) --marks $((children * 20)) --ids "$out/ids.txt" | tail -1
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
DUGU_DEMO_PASSWORD=$password "$dugu" demo --data "$out/hub" --listen "127.0.0.1:$port" >"$out/hub.log" 2>&1 &
hub=$!
trap 'kill $hub 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.3; done
token=$(curl -s -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/v1/login" | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
kita=$(sqlite3 "$out/hub/dugu.sqlite" "SELECT id FROM locations WHERE code = 'KIT'")
code=$(curl -s -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"location_id\":\"$kita\"}" "http://127.0.0.1:$port/api/v1/sites" |
  python3 -c 'import sys, json; print(json.load(sys.stdin)["enrolment_code"])')
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v "$dugu" enrol --data "$out/kita" --hub "http://127.0.0.1:$port" --code "$code" 2>&1 |
  grep -E 'dugu:|Elapsed|Maximum resident'
sqlite3 "$out/kita/dugu.sqlite" \
  "SELECT 'people', COUNT(*) FROM people;
   SELECT 'ops', COUNT(*) FROM ops;
   SELECT name, SUM(pgsize) FROM dbstat WHERE name IN ('ops', 'ops_by_entity') GROUP BY name;
   SELECT 'file', page_count * page_size FROM pragma_page_count, pragma_page_size;"
"$dugu" check --data "$out/kita" | tail -1
