#!/usr/bin/env bash
# Compile cost of #[cors] handlers, two checkouts side by side (CPU seconds, user + sys, so
# that other work on the machine matters less than for wall-clock times):
#   bash bench/compile_floor.sh REPO_A REPO_B [HANDLERS] [RUNS]
# For each: a clean dev build of axum-cors-macros and its dependencies, and a scratch crate of
# HANDLERS handlers (Path + String body, registered with cors_route!) rebuilt whole after a
# touch (CARGO_INCREMENTAL=0) and incrementally, its dependencies built before.
set -euo pipefail
A=$(cd "$1" && pwd)
B=$(cd "$2" && pwd)
HANDLERS=${3:-100}
RUNS=${4:-3}
ROOT=${TMPDIR:-/tmp}/axum-cors-compile
mkdir -p "$ROOT"
cpu() { /usr/bin/time -f "%U %S" -o "$ROOT/time" "$@" >/dev/null 2>&1; awk '{printf "%.2f", $1 + $2}' "$ROOT/time"; }
for repo in "$A" "$B"; do
    tag=$(basename "$repo")
    echo "== $repo ($(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo export))"
    rm -rf "$ROOT/macros-$tag"
    echo "axum-cors-macros clean build: $(cd "$repo" && CARGO_TARGET_DIR=$ROOT/macros-$tag cpu cargo build --offline -p axum-cors-macros) s"
    ws=$ROOT/ws-$tag
    rm -rf "$ws/src"
    mkdir -p "$ws/src"
    cp "$repo/Cargo.lock" "$ws/"
    printf '[package]\nname = "scratch"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\naxum = "0.8"\naxum-cors = { path = "%s" }\n' "$repo" >"$ws/Cargo.toml"
    {
        echo "use axum::{extract::Path, routing::put, Router};"
        echo "use axum_cors::{cors, cors_route};"
        for i in $(seq -w 0 $((HANDLERS - 1))); do
            echo '#[cors(origins = "https://app.example.com", methods = "PUT, DELETE", headers = "content-type")]'
            echo "pub async fn h$i(Path(id): Path<u64>, body: String) -> String {"
            echo "    format!(\"$i: {id} {}\", body.len())"
            echo "}"
        done
        echo "pub fn app() -> Router {"
        echo "    Router::new()"
        for i in $(seq -w 0 $((HANDLERS - 1))); do
            echo "        .route(\"/h$i/{id}\", cors_route!(put(h$i)))"
        done
        echo "}"
    } >"$ws/src/lib.rs"
    (cd "$ws" && CARGO_TARGET_DIR=$ws/target cargo build --offline --quiet)
    for run in $(seq "$RUNS"); do
        touch "$ws/src/lib.rs"
        whole=$(cd "$ws" && CARGO_TARGET_DIR=$ws/target CARGO_INCREMENTAL=0 cpu cargo build --offline)
        touch "$ws/src/lib.rs"
        incr=$(cd "$ws" && CARGO_TARGET_DIR=$ws/target cpu cargo build --offline)
        echo "$HANDLERS handlers, run $run: whole crate $whole s, incremental $incr s"
    done
done
