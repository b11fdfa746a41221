#!/usr/bin/env bash
# Compile cost, timed by hyperfine in scratch crates; called by bench/run.sh.
#
#   bash bench/compile.sh REPO OUT
#
# Writes OUT/compile-meta.json (the number of handlers), OUT/compile-macros.json (clean build
# of axum-strict-cors-macros and its dependencies), OUT/compile-handlers.json (the handlers with and
# without #[cors], rebuilt after a touch: incremental, and the whole crate again with
# CARGO_INCREMENTAL=0), both hyperfine's JSON, and OUT/compile-syn.txt (which syn versions a typical app compiles, and who uses each).
set -euo pipefail
REPO=$(cd "$1" && pwd)
OUT=$2
HANDLERS=${BENCH_COMPILE_HANDLERS:-100}
RUNS=${BENCH_COMPILE_RUNS:-5}
# Under the bench's target dir, kept between runs so that the scratch workspace's
# dependencies are built once; the scratch crates themselves are written anew each run.
ROOT=${CARGO_TARGET_DIR:-$REPO/target}/bench-compile
rm -rf "$ROOT/ws/plain" "$ROOT/ws/annotated" "$ROOT/ws/typical"
mkdir -p "$ROOT"
unset RUSTFLAGS
echo "{\"handlers\": $HANDLERS}" >"$OUT/compile-meta.json"

# The macro crate and its dependencies from scratch (dev profile).
hyperfine --style basic --runs 3 \
    --prepare "rm -rf $ROOT/target-macros" \
    -n "axum-strict-cors-macros, clean" \
    "cd $REPO && CARGO_TARGET_DIR=$ROOT/target-macros cargo build --offline --quiet -p axum-strict-cors-macros" \
    --export-json "$OUT/compile-macros.json" >&2

# A scratch workspace: `annotated` and `plain` (the same handlers with and without #[cors]),
# and `typical` (a typical axum app's dependencies, for the syn versions).
WS=$ROOT/ws
mkdir -p "$WS"
cp "$REPO/Cargo.lock" "$WS/"
printf '[workspace]\nmembers = ["annotated", "plain", "typical"]\nresolver = "2"\n' >"$WS/Cargo.toml"
manifest() {
    mkdir -p "$WS/$1/src"
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\naxum = "0.8"\n%s' \
        "$1" "$2" >"$WS/$1/Cargo.toml"
}
manifest plain ""
manifest annotated "axum-strict-cors = { path = \"$REPO\" }"$'\n'
manifest typical "axum-strict-cors = { path = \"$REPO\" }
tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }
serde = { version = \"1\", features = [\"derive\"] }
serde_json = \"1\"
tracing = \"0.1\"
tracing-subscriber = { version = \"0.3\", features = [\"env-filter\"] }
"
echo "//! Only its dependency tree matters." >"$WS/typical/src/lib.rs"
for crate in plain annotated; do
    {
        echo "use axum::{extract::Path, routing::put, Router};"
        [ "$crate" = annotated ] && echo "use axum_strict_cors::cors;"
        for i in $(seq -w 0 $((HANDLERS - 1))); do
            [ "$crate" = annotated ] &&
                echo '#[cors(origins = "https://app.example.com", methods = "PUT, DELETE", headers = "content-type")]'
            echo "pub async fn h$i(Path(id): Path<u64>, body: String) -> String {"
            echo "    format!(\"$i: {id} {}\", body.len())"
            echo "}"
        done
        echo "pub fn app() -> Router {"
        echo "    Router::new()"
        for i in $(seq -w 0 $((HANDLERS - 1))); do
            if [ "$crate" = annotated ]; then
                echo "        .route(\"/h$i/{id}\", put(h$i).options(h$i::preflight))"
            else
                echo "        .route(\"/h$i/{id}\", put(h$i))"
            fi
        done
        echo "}"
    } >"$WS/$crate/src/lib.rs"
done

# Dependencies built once; then only the crate itself is rebuilt after a touch: incremental
# (cargo's default, what an edit-compile loop sees) and the whole crate again
# (CARGO_INCREMENTAL=0, the honest cost of compiling the handlers).
export CARGO_TARGET_DIR=$WS/target
(cd "$WS" && cargo build --offline --quiet -p plain -p annotated)
commands=()
for crate in plain annotated; do
    commands+=(-n "$crate, incremental" --prepare "touch $WS/$crate/src/lib.rs"
        "cd $WS && cargo build --offline --quiet -p $crate")
    commands+=(-n "$crate, whole crate" --prepare "touch $WS/$crate/src/lib.rs"
        "cd $WS && CARGO_INCREMENTAL=0 cargo build --offline --quiet -p $crate")
done
hyperfine --style basic --warmup 1 --runs "$RUNS" "${commands[@]}" \
    --export-json "$OUT/compile-handlers.json" >&2

# Which syn versions a typical app compiles, and which crates use each.
(
    cd "$WS"
    for tree_args in "" "-F axum/macros"; do
        echo "typical app${tree_args:+ with $tree_args}:"
        # shellcheck disable=SC2086
        for syn in $(cargo tree --offline -p typical -e normal,build $tree_args --prefix none |
            sed -n 's/^syn v\([0-9.]*\).*/\1/p' | sort -u); do
            # shellcheck disable=SC2086
            users=$(cargo tree --offline -p typical -e normal,build $tree_args -i "syn@$syn" \
                --depth 1 --prefix depth | sed -n 's/^1\([^ ]*\) .*/\1/p' | sort -u | tr '\n' ' ')
            echo "  syn $syn: $users"
        done
    done
) >"$OUT/compile-syn.txt"
