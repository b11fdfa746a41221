#!/usr/bin/env bash
# Instructions per request of the cases of benches/floor.rs under callgrind, and their ratios
# to the group's first case (no CORS; for origin lists, one exact origin).
#   bash bench/floor.sh [case-filter]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
N=${CORS_BENCH_N:-2000}
cargo bench --no-run --bench floor >&2
BIN=$(cargo bench --no-run --bench floor --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="floor" and m.get("executable"): print(m["executable"])' | tail -1)
for case in $("$BIN" --list-cases | grep -- "${1:-}"); do
    n=$(CORS_BENCH_COUNT=$case CORS_BENCH_N=$N valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        --toggle-collect='*measured_loop*' "$BIN" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    echo "$case $n"
done | python3 -c '
import sys
first = {}
for line in sys.stdin:
    case, total = line.split()
    group = case.split("/")[0]
    per = int(total) / '"$N"'
    first.setdefault(group, per)
    print(f"{case:34} {per:9.0f}  {per / first[group]:.3f}x")
'
