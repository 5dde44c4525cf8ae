#!/usr/bin/env bash
# A child's page, two builds side by side, in more detail than
# bench/before-after.sh: per run the latency under 4 clients (wrk, 20 s
# after a 5 s warm-up), the server's CPU per page (perf stat task-clock over
# the same 20 s) and, one page at a time over 100 children, the page reads
# (pread64) and file locks (fcntl) per page (strace -c). Re-runnable:
#   bash bench/child-page.sh OLD_BIN NEW_BIN [ROUNDS]     (default 3)
# Uses the care databases bench/before-after.sh loaded (WORK, default
# bench/out/before-after: WORK/old/care and WORK/new/care) — run that
# first. Rounds alternate the order (OLD first, then NEW first). Never
# asserts; prints a line per run and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
old=$(realpath "$1")
new=$(realpath "$2")
rounds=${3:-3}
work=${WORK:-bench/out/before-after}
[ -d "$work" ] || { echo "no $work: run bench/before-after.sh first" >&2; exit 1; }
work=$(realpath "$work")
port=18194
base="http://127.0.0.1:$port"
for t in old new; do
  [ -f "$work/$t/care/ids.txt" ] || { echo "no $work/$t/care: run bench/before-after.sh first" >&2; exit 1; }
done
for tool in wrk perf strace; do
  command -v "$tool" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    "$([ "$tool" = perf ] && echo linux-perf || echo "$tool")" >/dev/null
done
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null || true' EXIT

run() { # round, tag, binary
  local dir="$work/$2/care" cookie
  DUGU_LOG=warn "$3" demo --data "$dir/data" --listen "127.0.0.1:$port" > "$work/child-server.log" 2>&1 &
  server=$!
  local up=
  for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && { up=1; break; }; sleep 0.2; done
  [ -n "$up" ] || { echo "$2: server did not start, see $work/child-server.log" >&2; exit 1; }
  cookie=$(web_session "$base" director.kita "$work/child-cookies.txt")
  local ids; ids=$(python3 -c 'import sys; print(",".join(chr(34)+l.strip()+chr(34) for l in open(sys.argv[1]) if l.strip()))' "$dir/ids.txt")
  cat > "$work/child-page.lua" <<LUA
local ids = {$ids}
wrk.headers["Cookie"] = "dugu_session=$cookie"
local i = 0
request = function() i = i + 1; return wrk.format("GET", "/people/" .. ids[(i % #ids) + 1]) end
done = function(summary, latency, requests)
  io.write(string.format("%.2f %.2f %.2f %d\n", latency:percentile(50)/1000, latency:percentile(95)/1000,
    latency:percentile(99)/1000, summary.requests))
end
LUA
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: dugu_session=$cookie" "$base/people/$(head -1 "$dir/ids.txt")")
  [ "$code" = 200 ] || { echo "$2: a child's page answered $code (signed in?)" >&2; exit 1; }
  wrk -t1 -c4 -d5s -s "$work/child-page.lua" "$base" >/dev/null
  perf stat -x, -e task-clock -p "$server" -o "$work/child-perf.txt" & local perf=$!
  local line; line=$(wrk -t1 -c4 -d20s -s "$work/child-page.lua" "$base" | tail -1)
  kill -INT $perf; wait $perf 2>/dev/null || true
  local ms; ms=$(grep task-clock "$work/child-perf.txt" | cut -d, -f1)
  [[ "$ms" =~ ^[0-9.]+$ ]] || { echo "$2: perf counted nothing (perf_event_paranoid?)" >&2; exit 1; }
  [ "$(echo "$line" | wc -w)" = 4 ] || { echo "$2: wrk printed no summary" >&2; exit 1; }
  # One page at a time: what each page asks of the file.
  head -100 "$dir/ids.txt" | sed "s|^\(.*\)$|url = $base/people/\1\noutput = /dev/null|" > "$work/child-urls.txt"
  strace -c -f -e trace=pread64,fcntl -p "$server" -o "$work/child-strace.txt" 2>/dev/null & local st=$!
  sleep 1
  curl -s -H "Cookie: dugu_session=$cookie" -K "$work/child-urls.txt"
  sleep 0.5; kill -INT $st; wait $st 2>/dev/null || true
  local preads fcntls
  preads=$(awk '$NF == "pread64" {print $4}' "$work/child-strace.txt")
  fcntls=$(awk '$NF == "fcntl" {print $4}' "$work/child-strace.txt")
  kill "$server"; wait "$server" 2>/dev/null || true; server=
  set -- "$1" "$2" $line
  echo "$1 $2 $3 $4 $5 $(python3 -c "print(f'{$ms / $6:.3f}')") $((preads / 100)) $((fcntls / 100))" | tee -a "$work/child-runs.txt" >&2
}

: > "$work/child-runs.txt"
echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); OLD $old; NEW $new" >&2
echo "# round build p50 p95 p99 (ms) cpu-per-page (ms) preads-per-page fcntl-per-page" >&2
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then order="old new"; else order="new old"; fi
  for t in $order; do
    if [ "$t" = old ]; then run "$r" old "$old"; else run "$r" new "$new"; fi
  done
done
python3 - "$work/child-runs.txt" <<'PY'
import sys, statistics as st
runs = {}
for line in open(sys.argv[1]):
    r, tag, *v = line.split()
    runs.setdefault(tag, []).append([float(x) for x in v])
names = ["p50", "p95", "p99", "CPU/page", "preads/page", "fcntl/page"]
print("| build | " + " | ".join(names) + " |")
print("|---|" + "---:|" * len(names))
for tag in ["old", "new"]:
    med = [st.median(x[i] for x in runs[tag]) for i in range(len(names))]
    print(f"| {tag.upper()} (median of {len(runs[tag])}) | " + " | ".join(f"{m:g}" for m in med) + " |")
PY
