#!/usr/bin/env bash
# The served app (benches/serve.rs) three ways under wrk on loopback; called by bench/run.sh.
#
#   bash bench/load.sh SERVE_BIN > load.jsonl
#
# Prints one JSON object per wrk run: scenario, variant, round, requests, seconds, non-2xx
# answers, p99 latency (µs, from wrk's own `done` hook) and the server's CPU time (user +
# system, clock ticks from /proc) over the run. Each round runs the three variants in turns,
# the first one rotating, so that a burst of load elsewhere hits them alike. Bounded: every
# wrk run lasts BENCH_LOAD_SECONDS, and the servers exit by themselves.
set -euo pipefail
BIN=$1
SECONDS_PER_RUN=${BENCH_LOAD_SECONDS:-2}
ROUNDS=${BENCH_LOAD_ROUNDS:-9}
CONNECTIONS=${BENCH_LOAD_CONNECTIONS:-32}
VARIANTS=(no_cors tower_http cors)
TMP=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT

# The scenarios: `actual` = GET /user from the allowed page; `preflight` = the preflight of
# PUT / from the allowed page.
declare -A PATHS=([actual]=/user [preflight]=/)
for scenario in actual preflight; do
    {
        echo 'wrk.headers["Origin"] = "http://www.example.com"'
        if [ "$scenario" = preflight ]; then
            echo 'wrk.method = "OPTIONS"'
            echo 'wrk.headers["Access-Control-Request-Method"] = "PUT"'
            echo 'wrk.headers["Access-Control-Request-Headers"] = "content-type"'
        fi
        cat <<'EOF'
function done(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %f, "non_2xx": %d, "p99_us": %d}\n',
    summary.requests, summary.duration / 1e6, summary.errors.status, latency:percentile(99)))
end
EOF
    } >"$TMP/$scenario.lua"
done

declare -A ADDR PID
budget=$((ROUNDS * 2 * ${#VARIANTS[@]} * (SECONDS_PER_RUN + 2) + 30))
for v in "${VARIANTS[@]}"; do
    CORS_SERVE=$v CORS_SERVE_SECONDS=$budget "$BIN" >"$TMP/$v.out" &
    PID[$v]=$!
    PIDS+=($!)
done
for v in "${VARIANTS[@]}"; do
    for _ in $(seq 100); do
        grep -q listening "$TMP/$v.out" && break
        sleep 0.1
    done
    ADDR[$v]=$(awk '{print $NF}' "$TMP/$v.out")
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

for scenario in actual preflight; do
    # One probe per variant: the status and Access-Control-Allow-Origin a browser would see.
    for v in "${VARIANTS[@]}"; do
        url="http://${ADDR[$v]}${PATHS[$scenario]}"
        if [ "$scenario" = preflight ]; then
            probe=$(curl -s -o /dev/null -D - -X OPTIONS -H 'Origin: http://www.example.com' \
                -H 'Access-Control-Request-Method: PUT' \
                -H 'Access-Control-Request-Headers: content-type' "$url")
        else
            probe=$(curl -s -o /dev/null -D - -H 'Origin: http://www.example.com' "$url")
        fi
        status=$(echo "$probe" | awk 'NR == 1 {print $2}')
        acao=$(echo "$probe" | tr -d '\r' | sed -n 's/^access-control-allow-origin: //Ip')
        jq -cn --arg scenario "$scenario" --arg variant "$v" --argjson status "$status" \
            --arg acao "$acao" '{probe: true, scenario: $scenario, variant: $variant,
            status: $status, allow_origin: $acao}'
    done
done

for round in $(seq 1 "$ROUNDS"); do
    for scenario in actual preflight; do
        for k in 0 1 2; do
            v=${VARIANTS[$(((round + k) % 3))]}
            before=$(cpu_ticks "${PID[$v]}")
            line=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$TMP/$scenario.lua" \
                "http://${ADDR[$v]}${PATHS[$scenario]}" | grep '^{')
            after=$(cpu_ticks "${PID[$v]}")
            echo "$line" | jq -c --arg scenario "$scenario" --arg variant "$v" \
                --argjson round "$round" --argjson cpu_ticks "$((after - before))" \
                --argjson hz "$(getconf CLK_TCK)" \
                '. + {scenario: $scenario, variant: $variant, round: $round,
                      cpu_ticks: $cpu_ticks, ticks_per_second: $hz}'
            echo "  round $round $scenario $v: $(echo "$line" | jq -r '.requests / .seconds | floor') req/s" >&2
        done
    done
done
