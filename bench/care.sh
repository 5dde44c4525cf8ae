#!/usr/bin/env bash
# Day-to-day care benchmark (issue: villages, family strengthening, care and
# growth monitoring). Re-runnable:
#   bash bench/care.sh [CHILDREN]        (default 200,000)
#   REUSE=1 bash bench/care.sh           (keep the database of an earlier run)
#   DUGU=path/to/dugu bash bench/care.sh (another binary, not built here)
# Loads CHILDREN fictional children (ages 0–6, five sites), their growth
# measurements (~11 each: 2 million), vaccinations, 1 million medical
# visits and 20 million attendance marks (day-care and kindergarten groups
# of 40) into a fresh database through the application's write path,
# starts `dugu demo` on it, then measures with wrk over loopback, signed in
# as Kita's director (a fifth of the children):
#   * a child's page (identity, care, growth status, charts, history,
#     vaccination card, medical visits);
#   * Kita's nutrition list (SAM/MAM now, falling weight, not measured);
#   * Kita's prevalence page (stunting, underweight, wasting by age and sex);
#   * the nutrition list through the API;
#   * Kita's overdue vaccinations page;
#   * the people list narrowed (Kita, under five, girls), and a name search
#     narrowed by age group through the API;
#   * a kindergarten group of 40's daily register saved in one request.
# Prints a Markdown table for docs/benchmarks.md. Never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
children=${1:-200000}
out=bench/out/care
if [ "${REUSE:-0}" != 1 ]; then rm -rf "$out"; fi
mkdir -p "$out"
port=18191
if ! command -v wrk >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ -z "${DUGU:-}" ]; then cargo build --release -p dugu >&2; fi
bin=${DUGU:-target/release/dugu}

echo "## Care — $(date -u +%Y-%m-%d), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $children children"
echo
if [ ! -f "$out/load.time" ]; then
  /usr/bin/time -f "%e %M" -o "$out/load.time" "$bin" bench load-care --data "$out/data" --children "$children" --ids "$out/ids.txt" > "$out/load.txt" 2> "$out/load.err"
fi
load_line=$(tail -1 "$out/load.txt")
db_size=$(du -sh "$out/data" | cut -f1)

DUGU_LOG=warn "$bin" demo --data "$out/data" --listen "127.0.0.1:$port" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$port"
token=$(curl -s "$base/api/v1/login" -H 'content-type: application/json' -d '{"username":"director.kita","password":"dugu-demo-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
kita=$(curl -s "$base/api/v1/locations" -H "Authorization: Bearer $token" | python3 -c 'import json,sys; print([l["id"] for l in json.load(sys.stdin)["items"] if l["code"]=="KIT"][0])')
# A browser session: the sign-in form, its token, the cookie.
cookie=$(web_session "$base" director.kita "$out/cookies.txt")

lua() { # name, path expression (Lua), header line
  cat > "$out/$1.lua" <<LUA
$3
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", $2)
end
done = function(summary, latency, requests)
  io.write(string.format("$1_p50=%.1f\n$1_p95=%.1f\n$1_p99=%.1f\n$1_rps=%.1f\n$1_errors=%d\n",
    latency:percentile(50)/1000, latency:percentile(95)/1000, latency:percentile(99)/1000,
    summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
}
ids=$(python3 -c 'import sys; print(",".join(chr(34)+l.strip()+chr(34) for l in open(sys.argv[1]) if l.strip()))' "$out/ids.txt")
lua child '"/people/" .. ids[(i % #ids) + 1]' "local ids = {$ids}
wrk.headers[\"Cookie\"] = \"dugu_session=$cookie\""
lua nutrition "\"/locations/$kita/nutrition\"" "wrk.headers[\"Cookie\"] = \"dugu_session=$cookie\""
lua prevalence "\"/locations/$kita/prevalence\"" "wrk.headers[\"Cookie\"] = \"dugu_session=$cookie\""
lua api_nutrition "\"/api/v1/locations/$kita/nutrition\"" "wrk.headers[\"Authorization\"] = \"Bearer $token\""
lua overdue "\"/locations/$kita/vaccinations\"" "wrk.headers[\"Cookie\"] = \"dugu_session=$cookie\""
lua filtered "\"/people?location_id=$kita&age_group=0-4&sex=F\"" "wrk.headers[\"Cookie\"] = \"dugu_session=$cookie\""
lua api_search "\"/api/v1/people?q=traore&age_group=0-4&sex=M\"" "wrk.headers[\"Authorization\"] = \"Bearer $token\""

# A kindergarten group of 40 Kita children, for the daily register.
group=$(curl -s "$base/api/v1/groups" -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d "{\"location_id\":\"$kita\",\"name\":\"Bench $(date +%s)\",\"kind\":\"kindergarten\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
head -40 "$out/ids.txt" | while read -r child; do
  curl -s -o /dev/null "$base/api/v1/groups/$group/members" -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d "{\"person_id\":\"$child\",\"from_date\":\"2026-01-05\"}"
done
present=$(head -33 "$out/ids.txt" | python3 -c 'import json,sys; print(json.dumps({"present":[l.strip() for l in sys.stdin]}))')
today=$(date -u +%Y-%m-%d)
cat > "$out/register.lua" <<LUA
wrk.method = "PUT"
wrk.body = '$present'
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
request = function() return wrk.format(nil, "/api/v1/groups/$group/attendance/$today") end
done = function(summary, latency, requests)
  io.write(string.format("register_p50=%.1f\nregister_p95=%.1f\nregister_p99=%.1f\nregister_errors=%d\n",
    latency:percentile(50)/1000, latency:percentile(95)/1000, latency:percentile(99)/1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA

# One request first: the page must really render (a 303 to /login would be fast and wrong).
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: dugu_session=$cookie" "$base/locations/$kita/nutrition")
[ "$code" = 200 ] || { echo "nutrition page answered $code: not signed in?" >&2; exit 1; }
page_kb=$(curl -s -H "Cookie: dugu_session=$cookie" -H 'Accept-Encoding: gzip' "$base/people/$(head -1 "$out/ids.txt")" | wc -c)

wrk -t1 -c4 -d20s -s "$out/child.lua" "$base" > "$out/child.txt"
wrk -t1 -c2 -d20s -s "$out/nutrition.lua" "$base" > "$out/nutrition.txt"
wrk -t1 -c2 -d20s -s "$out/prevalence.lua" "$base" > "$out/prevalence.txt"
wrk -t1 -c2 -d20s -s "$out/api_nutrition.lua" "$base" > "$out/api_nutrition.txt"
wrk -t1 -c2 -d20s -s "$out/overdue.lua" "$base" > "$out/overdue.txt"
wrk -t1 -c2 -d20s -s "$out/filtered.lua" "$base" > "$out/filtered.txt"
wrk -t1 -c2 -d20s -s "$out/api_search.lua" "$base" > "$out/api_search.txt"
wrk -t1 -c1 -d20s -s "$out/register.lua" "$base" > "$out/register.txt"
eval "$(grep -hE '^(child|nutrition|prevalence|api_nutrition|overdue|filtered|api_search|register)_' "$out"/child.txt "$out"/nutrition.txt "$out"/prevalence.txt "$out"/api_nutrition.txt "$out"/overdue.txt "$out"/filtered.txt "$out"/api_search.txt "$out"/register.txt)"
read load_secs load_rss_kb < "$out/load.time"
kita_children=$(python3 -c "import sqlite3; c=sqlite3.connect('$out/data/dugu.sqlite'); print(c.execute(\"select count(*) from people p join locations l on l.id=p.location_id where l.code='KIT'\").fetchone()[0])")
rows=$(python3 -c "import sqlite3; c=sqlite3.connect('$out/data/dugu.sqlite'); print(', '.join(f'{n:,} {t}' for t, n in [(t, c.execute(f'select count(*) from {t}').fetchone()[0]) for t in ('measurements', 'medical_visits', 'vaccinations', 'attendance')]))")
cat <<MD
| measure | result | target |
|---|---:|---:|
| load through the write path | ${load_secs} s — $load_line | — |
| database size | $db_size ($rows) | — |
| a child's page (4 clients), p50 / p95 / p99 | ${child_p50} / **${child_p95}** / ${child_p99} ms (${child_rps} pages/s, errors ${child_errors}; ${page_kb} bytes gzipped) | p95 < 30 ms |
| Kita's nutrition list page ($kita_children children), p50 / p95 | ${nutrition_p50} / **${nutrition_p95}** ms (errors ${nutrition_errors}) | p95 < 300 ms |
| Kita's prevalence page, p50 / p95 | ${prevalence_p50} / **${prevalence_p95}** ms (errors ${prevalence_errors}) | p95 < 300 ms |
| Kita's nutrition list through the API, p50 / p95 | ${api_nutrition_p50} / ${api_nutrition_p95} ms | — |
| Kita's overdue vaccinations page, p50 / p95 | ${overdue_p50} / ${overdue_p95} ms (errors ${overdue_errors}) | — |
| people list narrowed (Kita, under five, girls), p50 / p95 | ${filtered_p50} / ${filtered_p95} ms (errors ${filtered_errors}) | — |
| name search narrowed (API: "traore", under five, boys), p50 / p95 | ${api_search_p50} / ${api_search_p95} ms (errors ${api_search_errors}) | — |
| a group of 40's daily register saved in one request (PUT, one client) | p50 ${register_p50} / **p95 ${register_p95}** / p99 ${register_p99} ms (errors ${register_errors}) | < 50 ms |
MD
