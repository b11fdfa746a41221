#!/usr/bin/env bash
# Runs every benchmark of the project and writes BENCHMARKS.md (about 7 minutes on 2 cores).
#
#   bash bench/run.sh                                 # all steps
#   BENCH_STEPS='criterion report' bash bench/run.sh  # some steps; the report uses what exists
#
# Steps:
#   criterion     wall-clock time per case (benches/cors.rs, criterion's estimates.json)
#   interleaved   the variants of each group timed in turns (benches/cors.rs --interleaved)
#   instructions  instruction counts per case (benches/instructions.rs, gungraun + callgrind)
#   load          the served app under wrk on loopback (benches/serve.rs)
#   compile       clean build of the macro crate and per-handler cost (hyperfine, scratch crates)
#   report        BENCHMARKS.md from all of the above and bench/notes.md, the analysis written
#                 by hand (bench/report.py)
# Installs what it needs when missing (jq, valgrind, hyperfine, wrk, curl from Debian when root;
# gungraun-runner of the gungraun version in Cargo.lock with `cargo install --locked`).
# Results go to $CARGO_TARGET_DIR/bench-results, criterion's to $CARGO_TARGET_DIR/criterion,
# gungraun's to $CARGO_TARGET_DIR/gungraun. Benchmarks report; nothing here fails on a timing.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}
OUT=$CARGO_TARGET_DIR/bench-results
STEPS=${BENCH_STEPS:-criterion interleaved instructions load compile report}
mkdir -p "$OUT"

has_step() { [[ " $STEPS " == *" $1 "* ]]; }
log() { echo "== $(date +%T) $*" >&2; }

# Debian packages, installed when missing.
need() {
    local missing=()
    for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    [ ${#missing[@]} = 0 ] && return
    if [ "$(id -u)" != 0 ]; then
        echo "missing: ${missing[*]} (apt-get install -y ${missing[*]})" >&2
        exit 1
    fi
    log "installing ${missing[*]}"
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The runner must have the version of the gungraun crate the bench links.
need_gungraun_runner() {
    local want have
    want=$(grep -A1 '^name = "gungraun"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
    have=$(gungraun-runner --version 2>/dev/null | awk '{print $NF}' || true)
    if [ "$have" != "$want" ]; then
        log "installing gungraun-runner $want (a few minutes, once)"
        cargo install --locked --quiet gungraun-runner --version "$want"
    fi
}

measuring=false
for step in criterion interleaved instructions load compile; do
    has_step $step && measuring=true
done
# When, on which code and under which load a step measured: the report prints it per step, so
# that results of steps run at different times cannot pass for one run.
stamp() {
    jq -n --arg date "$(date '+%Y-%m-%d %H:%M')" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
        --arg commit "$(git rev-parse --short HEAD)" \
        --arg uncommitted "$(git status --porcelain -- src cors-runtime cors-macros benches | cut -c4- | tr '\n' ' ')" \
        '$ARGS.named' >"$OUT/stamp-$1.json"
}

need jq
if $measuring || [ ! -f "$OUT/meta.json" ]; then
    log "building the benchmarks"
    cargo bench --no-run --bench cors --bench serve --bench instructions
    # The machine, and the cases in order, from which the report takes the groups.
    jq -n --arg cpu "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" \
        --arg cores "$(nproc)" --arg rustc "$(rustc --version)" '$ARGS.named' >"$OUT/meta.json"
    cargo bench --bench cors -- --list-cases >"$OUT/cases.jsonl"
fi
if $measuring; then
    # Every case's response checked, and each run once as it will be measured.
    cargo bench --bench cors -- --check >&2
fi

if has_step criterion; then
    log "criterion (about 2 minutes)"
    stamp criterion
    cargo bench --bench cors
fi

if has_step interleaved; then
    log "interleaved wall-clock ratios (about 10 seconds)"
    stamp interleaved
    cargo bench --bench cors -- --interleaved >"$OUT/interleaved.jsonl"
fi

if has_step instructions; then
    need valgrind
    need_gungraun_runner
    log "instruction counts under callgrind (about 30 seconds)"
    stamp instructions
    GUNGRAUN_SAVE_SUMMARY=json cargo bench --bench instructions
fi

if has_step load; then
    need wrk curl
    log "served throughput (loopback, about 2 minutes)"
    stamp load
    SERVE_BIN=$(cargo bench --no-run --bench serve --message-format=json 2>/dev/null |
        jq -r 'select(.reason == "compiler-artifact" and .target.name == "serve") | .executable // empty' | tail -1)
    bash bench/load.sh "$SERVE_BIN" >"$OUT/load.jsonl"
fi

if has_step compile; then
    need hyperfine
    log "compile cost (scratch crates, about 2 minutes)"
    stamp compile
    bash bench/compile.sh "$REPO" "$OUT"
fi

if has_step report; then
    log "writing BENCHMARKS.md"
    python3 bench/report.py "$OUT" "$CARGO_TARGET_DIR" >BENCHMARKS.md.tmp
    mv BENCHMARKS.md.tmp BENCHMARKS.md
fi
log "done"
