#!/usr/bin/env bash
# Site server benchmark (foundation issue). Re-runnable:
#   bash bench/people.sh [PEOPLE]        (default 1,000,000)
# Loads PEOPLE fictional people into a fresh database through the
# application's write path, starts `dugu demo` on it (demo mode only waives
# second factors; the database already has people, so nothing is seeded),
# then measures with wrk over loopback:
#   * name search latency through the API (p50/p95/p99), as the national
#     director, who sees every record;
#   * person reads per second with 64 concurrent connections (each read is
#     audited: a write);
#   * the server's peak RSS during the load;
#   * a static file served by nginx on the same machine, for scale.
# Prints a Markdown table for docs/benchmarks.md. Never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
people=${1:-1000000}
out=bench/out/people
# REUSE=1 keeps a database loaded by an earlier run (same size).
if [ "${REUSE:-0}" != 1 ]; then rm -rf "$out"; fi
mkdir -p "$out"
port=18181
nginx_port=18182

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi
cargo build --release -p dugu >&2
bin=target/release/dugu

echo "## Site server — $(date -u +%Y-%m-%d), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $people people"
echo
if [ ! -f "$out/load.time" ]; then
  /usr/bin/time -f "%e %M" -o "$out/load.time" "$bin" bench load-people --data "$out/data" --people "$people" --ids "$out/ids.txt" > "$out/load.txt" 2> "$out/load.err"
fi
load_line=$(tail -1 "$out/load.txt")
db_size=$(du -sh "$out/data" | cut -f1)

DUGU_LOG=warn "$bin" demo --data "$out/data" --listen "127.0.0.1:$port" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; [ -n "${nginx_pid:-}" ] && kill $nginx_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
rss_idle=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
( peak=0; while kill -0 $server 2>/dev/null; do r=$(awk '/VmRSS/ {print $2}' /proc/$server/status 2>/dev/null || echo 0); [ "${r:-0}" -gt "$peak" ] && peak=$r && echo $peak > "$out/rss.peak"; sleep 0.2; done ) &

token=$(curl -s "http://127.0.0.1:$port/api/v1/login" -H 'content-type: application/json' -d '{"username":"director.national","password":"dugu-demo-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# Searches people type (bench/lib.sh).
cat > "$out/search.lua" <<LUA
$(search_requests "$token")
done = function(summary, latency, requests)
  io.write(string.format("search_p50_ms=%.2f\nsearch_p95_ms=%.2f\nsearch_p99_ms=%.2f\nsearch_rps=%.0f\nsearch_errors=%d\n",
    latency:percentile(50)/1000, latency:percentile(95)/1000, latency:percentile(99)/1000,
    summary.requests / (summary.duration / 1e6), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
wrk -t1 -c4 -d20s -s "$out/search.lua" "http://127.0.0.1:$port" > "$out/search.txt"

# Reads of whole records, 64 connections.
python3 - "$out/ids.txt" "$token" > "$out/read.lua" <<'PY'
import sys
ids = [l.strip() for l in open(sys.argv[1]) if l.strip()]
print("local ids = {" + ",".join('"%s"' % i for i in ids[:20000]) + "}")
print('wrk.headers["Authorization"] = "Bearer %s"' % sys.argv[2])
print("""local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/people/" .. ids[(i % #ids) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("read_rps=%.0f\\nread_p50_ms=%.2f\\nread_p99_ms=%.2f\\nread_errors=%d\\nread_non2xx=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50)/1000, latency:percentile(99)/1000,
    summary.errors.connect + summary.errors.read + summary.errors.timeout, summary.errors.status))
end""")
PY
wrk -t2 -c64 -d20s -s "$out/read.lua" "http://127.0.0.1:$port" > "$out/read.txt"
rss_peak=$(cat "$out/rss.peak" 2>/dev/null || echo 0)

# nginx serving one person's JSON as a static file, same client, same load.
mkdir -p "$out/nginx/html" "$out/nginx/tmp"
curl -s "http://127.0.0.1:$port/api/v1/people/$(head -1 "$out/ids.txt")" -H "Authorization: Bearer $token" > "$out/nginx/html/person.json"
cat > "$out/nginx/nginx.conf" <<NGX
worker_processes 2;
pid $PWD/$out/nginx/nginx.pid;
error_log $PWD/$out/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $PWD/$out/nginx/tmp; proxy_temp_path $PWD/$out/nginx/tmp; fastcgi_temp_path $PWD/$out/nginx/tmp;
  uwsgi_temp_path $PWD/$out/nginx/tmp; scgi_temp_path $PWD/$out/nginx/tmp;
  server { listen 127.0.0.1:$nginx_port; root $PWD/$out/nginx/html; }
}
NGX
nginx -c "$PWD/$out/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
sleep 1
wrk -t2 -c64 -d20s "http://127.0.0.1:$nginx_port/person.json" > "$out/nginx.txt"
nginx_rps=$(awk '/Requests\/sec/ {print $2}' "$out/nginx.txt")

eval "$(grep -E '^(search|read)_' "$out/search.txt" "$out/read.txt" | sed 's/^[^:]*://')"
read load_secs load_rss_kb < "$out/load.time"
python3 - <<PY
print("| measure | result | target |")
print("|---|---:|---:|")
print("| bulk load of $people people (write path: checks, change log, audit) | ${load_secs} s — $load_line | < 60 s |")
print("| database size after the load | $db_size | — |")
print("| name search through the API, p50 / p95 / p99 (4 clients, national scope) | ${search_p50_ms} / ${search_p95_ms} / ${search_p99_ms} ms | p95 < 30 ms |")
print("| person reads over HTTP, 64 connections (each read audited) | ${read_rps} req/s (p50 ${read_p50_ms} ms, p99 ${read_p99_ms} ms, errors ${read_errors}, non-2xx ${read_non2xx}) | ≥ 3,000 /s |")
print("| nginx static file, same client and load | ${nginx_rps} req/s | — |")
print("| dugu reads ÷ nginx | %.2f | — |" % (float("${read_rps}") / float("${nginx_rps}")))
print("| server RSS: idle after start / peak during the load | %.0f / %.0f MB | < 200 MB |" % (${rss_idle}/1024, ${rss_peak}/1024))
PY
