#!/usr/bin/env bash
# Runs every benchmark of the project and writes BENCHMARKS.md.
#
#   bash bench/run.sh                                 # all steps (about 10 minutes on 2 cores)
#   BENCH_STEPS='criterion report' bash bench/run.sh  # some steps; the report uses what exists
#
# Steps: criterion (cargo bench), interleaved (the variants of each group timed in turns),
# instructions (callgrind), load (wrk on loopback),
# compile (clean and incremental build times, in a scratch dir under /tmp), report.
# Results go to $CARGO_TARGET_DIR/bench-results (JSON) and $CARGO_TARGET_DIR/criterion.
# Nothing here asserts a timing: benchmarks report, they do not fail.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}
OUT=$CARGO_TARGET_DIR/bench-results
STEPS=${BENCH_STEPS:-criterion interleaved instructions load compile report}
mkdir -p "$OUT"

has_step() { [[ " $STEPS " == *" $1 "* ]]; }
log() { echo "== $(date +%T) $*" >&2; }

# The two bench binaries, built once (release, as cargo bench builds them).
bench_bin() {
    cargo bench --no-run --message-format=json --bench cors --bench serve 2>/dev/null |
        python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == sys.argv[1] and m.get("executable"):
        print(m["executable"])' "$1" | tail -1
}

if has_step criterion || has_step interleaved || has_step instructions || has_step load; then
    log "building the benchmarks"
    cargo bench --no-run --bench cors --bench serve
    CORS_BIN=$(bench_bin cors)
    SERVE_BIN=$(bench_bin serve)
fi

# When and on what the measurements were taken (kept by runs that only redo the report).
if has_step criterion || [ ! -f "$OUT/meta.json" ]; then
    python3 - "$OUT/meta.json" <<'EOF'
import datetime, json, subprocess, sys
load = open("/proc/loadavg").read().split()[:3]
git = lambda *a: subprocess.run(["git", *a], capture_output=True, text=True).stdout.strip()
changed = git("status", "--porcelain", "--", "src", "cors-runtime", "cors-macros").splitlines()
json.dump({"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "load": " ".join(load),
           "commit": git("rev-parse", "--short", "HEAD"),
           "uncommitted": [line[3:] for line in changed]},
          open(sys.argv[1], "w"))
EOF
fi

if has_step criterion; then
    log "criterion (about 3 minutes)"
    "$CORS_BIN" --bench
fi

if has_step interleaved; then
    log "interleaved wall-clock ratios (about 1 minute)"
    "$CORS_BIN" --interleaved >"$OUT/interleaved.jsonl"
fi

if has_step instructions; then
    command -v valgrind >/dev/null || { echo "valgrind missing: apt-get install -y valgrind" >&2; exit 1; }
    log "instruction counts under callgrind (about 3 minutes)"
    python3 bench/steps.py instructions "$OUT" "$CORS_BIN"
fi

if has_step load; then
    if ! command -v wrk >/dev/null; then
        log "installing wrk"
        if [ "$(id -u)" = 0 ]; then
            apt-get update -qq && apt-get install -y -qq wrk >/dev/null
        else
            echo "wrk missing: apt-get install -y wrk" >&2
            exit 1
        fi
    fi
    log "served throughput (loopback, about 1 minute)"
    python3 bench/steps.py load "$OUT" "$SERVE_BIN"
fi

if has_step compile; then
    log "compile cost (scratch crates under /tmp, about 3 minutes)"
    python3 bench/steps.py compile "$OUT" "$REPO"
fi

if has_step report; then
    log "writing BENCHMARKS.md"
    python3 bench/steps.py report "$OUT" "$CARGO_TARGET_DIR/criterion" >BENCHMARKS.md.tmp
    mv BENCHMARKS.md.tmp BENCHMARKS.md
fi
log "done"
