#!/usr/bin/env bash
# Two builds of dugu side by side on one machine, same data, interleaved
# (issue 11 item 9: "a child's page, name search and the nutrition list no
# slower than now"). Re-runnable:
#   bash bench/before-after.sh OLD_BIN NEW_BIN [ROUNDS]      (default 4 rounds)
# e.g. OLD = a release build of 45ed677 (main before the write model),
#      NEW = target/release/dugu.
# Environment: WORK (default bench/out/before-after), CHILDREN (200000),
# MARKS (100000 attendance marks; the register's time does not depend on
# them), PEOPLE (1000000), BATCH (10000, the batch of the loader before the
# write model, so that both loaders generate the same people).
# Each binary loads its own two databases through its own write path (kept
# in WORK for the next run; both loads run at once, their times are not
# comparable). Each round measures OLD then NEW, the next NEW then OLD, a
# fresh server per database and run, with the wrk settings of
# bench/people.sh (name search, national director, 4 clients) and
# bench/care.sh (Kita's director: a child's page 4 clients, the nutrition
# list, prevalence and the nutrition list through the API 2 clients, a
# group of 40's register saved 1 client), 20 s each. Prints every run and
# the medians. Never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
old=$(realpath "$1")
new=$(realpath "$2")
rounds=${3:-4}
work=${WORK:-bench/out/before-after}
children=${CHILDREN:-200000}
marks=${MARKS:-100000}
people=${PEOPLE:-1000000}
batch=${BATCH:-10000}
port=18193
mkdir -p "$work"
work=$(realpath "$work")
if ! command -v wrk >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

load() { # tag, binary
  local tag=$1 bin=$2 pids=()
  if [ ! -f "$work/$tag/care/ids.txt" ]; then
    rm -rf "$work/$tag/care"; mkdir -p "$work/$tag/care"
    /usr/bin/time -f "%e s, %M KB" -o "$work/$tag/care/load.time" "$bin" bench load-care \
      --data "$work/$tag/care/data" --children "$children" --marks "$marks" \
      --ids "$work/$tag/care/ids.part" > "$work/$tag/care/load.txt" 2>&1 \
      && mv "$work/$tag/care/ids.part" "$work/$tag/care/ids.txt" &
    pids+=($!)
  fi
  if [ ! -f "$work/$tag/people/ids.txt" ]; then
    rm -rf "$work/$tag/people"; mkdir -p "$work/$tag/people"
    local batch_arg=()
    "$bin" bench load-people --help | grep -q -- --batch && batch_arg=(--batch "$batch")
    /usr/bin/time -f "%e s, %M KB" -o "$work/$tag/people/load.time" "$bin" bench load-people \
      --data "$work/$tag/people/data" --people "$people" "${batch_arg[@]}" \
      --ids "$work/$tag/people/ids.part" > "$work/$tag/people/load.txt" 2>&1 \
      && mv "$work/$tag/people/ids.part" "$work/$tag/people/ids.txt" &
    pids+=($!)
  fi
  for p in "${pids[@]}"; do wait "$p"; done
}
echo "loading (skipped where $work already holds a database)…" >&2
load old "$old" & a=$!
load new "$new" & b=$!
wait $a; wait $b
for t in old new; do for d in care people; do
  [ -f "$work/$t/$d/ids.txt" ] || { echo "$t $d: load failed, see $work/$t/$d/load.txt" >&2; exit 1; }
done; done

base="http://127.0.0.1:$port"
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null || true' EXIT
start() { # binary, data dir
  DUGU_LOG=warn "$1" demo --data "$2" --listen "127.0.0.1:$port" > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && return; sleep 0.2; done
  echo "server did not start: $work/server.log" >&2; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }
token_of() { curl -s "$base/api/v1/login" -H 'content-type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"dugu-demo-2026\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
report() { # measure name, into the lua script's done()
  cat <<LUA
done = function(summary, latency, requests)
  io.write(string.format("%.1f %.1f %.1f %d\n", latency:percentile(50)/1000, latency:percentile(95)/1000,
    latency:percentile(99)/1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
}
run_wrk() { # round, tag, measure, clients, script
  local line
  line=$(wrk -t1 -c"$4" -d20s -s "$5" "$base" | tail -1)
  echo "$1 $2 $3 $line" | tee -a "$work/runs.txt" >&2
}

search() { # round, tag, binary
  start "$3" "$work/$2/people/data"
  local token; token=$(token_of director.national)
  cat > "$work/search.lua" <<LUA
$(search_requests "$token")
$(report)
LUA
  run_wrk "$1" "$2" search 4 "$work/search.lua"
  stop
}

care() { # round, tag, binary
  local dir="$work/$2/care"
  start "$3" "$dir/data"
  local token kita cookie
  token=$(token_of director.kita)
  kita=$(curl -s "$base/api/v1/locations" -H "Authorization: Bearer $token" | python3 -c 'import json,sys; print([l["id"] for l in json.load(sys.stdin)["items"] if l["code"]=="KIT"][0])')
  cookie=$(web_session "$base" director.kita "$work/cookies.txt")
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: dugu_session=$cookie" "$base/locations/$kita/nutrition")
  [ "$code" = 200 ] || { echo "$2: nutrition page answered $code" >&2; exit 1; }
  local ids; ids=$(python3 -c 'import sys; print(",".join(chr(34)+l.strip()+chr(34) for l in open(sys.argv[1]) if l.strip()))' "$dir/ids.txt")
  page() { # name, clients, path expression, header line
    printf '%s\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format("GET", %s)\nend\n%s\n' "$4" "$3" "$(report)" > "$work/$1.lua"
    run_wrk "$round" "$tag" "$1" "$2" "$work/$1.lua"
  }
  local round=$1 tag=$2 h="wrk.headers[\"Cookie\"] = \"dugu_session=$cookie\""
  page child 4 '"/people/" .. ids[(i % #ids) + 1]' "local ids = {$ids}
$h"
  page nutrition 2 "\"/locations/$kita/nutrition\"" "$h"
  page prevalence 2 "\"/locations/$kita/prevalence\"" "$h"
  page api_nutrition 2 "\"/api/v1/locations/$kita/nutrition\"" "wrk.headers[\"Authorization\"] = \"Bearer $token\""
  # A kindergarten group of 40 Kita children (a new one each run), its register saved.
  local group present today
  group=$(curl -s "$base/api/v1/groups" -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
    -d "{\"location_id\":\"$kita\",\"name\":\"Bench $tag $round $(date +%s)\",\"kind\":\"kindergarten\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  head -40 "$dir/ids.txt" | while read -r child; do
    curl -s -o /dev/null "$base/api/v1/groups/$group/members" -H "Authorization: Bearer $token" \
      -H "Content-Type: application/json" -d "{\"person_id\":\"$child\",\"from_date\":\"2026-01-05\"}"
  done
  present=$(head -33 "$dir/ids.txt" | python3 -c 'import json,sys; print(json.dumps({"present":[l.strip() for l in sys.stdin]}))')
  today=$(date -u +%Y-%m-%d)
  cat > "$work/register.lua" <<LUA
wrk.method = "PUT"
wrk.body = '$present'
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
request = function() return wrk.format(nil, "/api/v1/groups/$group/attendance/$today") end
$(report)
LUA
  run_wrk "$round" "$tag" register 1 "$work/register.lua"
  stop
}

: > "$work/runs.txt"
echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); OLD $old; NEW $new" >&2
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then order="old new"; else order="new old"; fi
  for t in $order; do
    if [ "$t" = old ]; then b=$old; else b=$new; fi
    echo "round $r, $t (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    search "$r" "$t" "$b"
    care "$r" "$t" "$b"
  done
done

python3 - "$work/runs.txt" <<'PY'
import sys, statistics as st
runs = {}
for line in open(sys.argv[1]):
    r, tag, m, p50, p95, p99, err = line.split()
    runs.setdefault(m, {}).setdefault(tag, []).append((float(p50), float(p95), float(p99), int(err)))
print("| measure | OLD p50 / p95 / p99 per run — median | NEW p50 / p95 / p99 per run — median | p95 NEW ÷ OLD (medians) |")
print("|---|---|---|---:|")
for m in ["search", "child", "nutrition", "prevalence", "api_nutrition", "register"]:
    cells = []
    for tag in ["old", "new"]:
        rs = runs[m][tag]
        each = "; ".join(f"{a:g}/{b:g}/{c:g}" + (f" ({e} errors)" if e else "") for a, b, c, e in rs)
        med = [st.median(x[i] for x in rs) for i in range(3)]
        cells.append((each + " — " + " / ".join(f"{v:.1f}" for v in med), med))
    print(f"| {m} | {cells[0][0]} | {cells[1][0]} | {cells[1][1][1] / cells[0][1][1]:.2f} |")
PY
