#!/usr/bin/env python3
"""Writes BENCHMARKS.md (to stdout) from the results of bench/run.sh.

    report.py OUT TARGET_DIR > BENCHMARKS.md

Reads OUT/cases.jsonl (the cases, in order, from `cors --list-cases`: the groups come from
there, not from a list here), criterion's TARGET_DIR/criterion/GROUP/VARIANT/new/estimates.json,
OUT/interleaved.jsonl, gungraun's TARGET_DIR/gungraun/.../request.case_N/summary.json, and
OUT/load.jsonl, OUT/compile-*.json (hyperfine), OUT/compile-syn.txt, OUT/meta.json and
OUT/stamp-STEP.json (when, on which commit and under which load each step ran). A missing
result leaves a dash. Then copies bench/notes.md, the analysis written by hand (each of its
sections says which run its numbers come from), so that a new run keeps it.
"""

import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

OUT, TARGET = sys.argv[1], sys.argv[2]


def read_json(name):
    path = os.path.join(OUT, name)
    return json.load(open(path)) if os.path.exists(path) else None


def read_jsonl(name):
    path = os.path.join(OUT, name)
    return [json.loads(l) for l in open(path) if l.strip()] if os.path.exists(path) else []


cases = read_jsonl("cases.jsonl")
RUNS = cases[0]["counted_runs"] if cases else 1
groups = {}
for c in cases:
    groups.setdefault(c["group"], []).append(c)

criterion = {}
for c in cases:
    path = os.path.join(TARGET, "criterion", c["group"], c["variant"], "new", "estimates.json")
    if os.path.exists(path):
        criterion[c["case"]] = json.load(open(path))["median"]["point_estimate"]
interleaved_rows = read_jsonl("interleaved.jsonl")
interleaved = {r["case"]: r["median_ns"] for r in interleaved_rows}
shape = interleaved_rows[0] if interleaved_rows else {"rounds": "?", "chunk": "?"}
instructions, profiles = {}, {}
for path in glob.glob(os.path.join(TARGET, "gungraun", "*", "instructions", "*", "*",
                                   "summary.json")):
    summary = json.load(open(path))
    index = int(summary["id"].rsplit("_", 1)[1])
    for profile in summary["profiles"]:
        if profile["tool"] == "Callgrind" and index < len(cases):
            ir = profile["data"]["total"]["metrics"]["Ir"]["values"]["new"]
            instructions[cases[index]["case"]] = ir / RUNS
            profiles[cases[index]["case"]] = os.path.join(
                os.path.dirname(path), f"callgrind.{summary['function_name']}.{summary['id']}.out")


def functions(case):
    """Instructions per request in each function (exclusive), from callgrind_annotate."""
    if not os.path.exists(profiles.get(case, "")) or not shutil.which("callgrind_annotate"):
        return None
    text = subprocess.run(["callgrind_annotate", "--threshold=100", "--show=Ir", profiles[case]],
                          capture_output=True, text=True).stdout
    result = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(.*)$", line)
        if m and "PROGRAM TOTALS" not in line:
            # "file:function [object]": the file is "???" without debug information.
            name = re.sub(r"^(\?\?\?|\S*?\.[A-Za-z]+):(?!:)", "", m.group(2)).split(" [")[0]
            result[name] = result.get(name, 0) + int(m.group(1).replace(",", "")) / RUNS
    return result


MEASURES = [("criterion", criterion), ("interleaved", interleaved), ("instructions", instructions)]

w = []
p = w.append


def ratio(a, b):
    return a / b if a is not None and b else None


def x(v):
    return "–" if v is None else f"{v:.2f}×"


def ns(v):
    return "–" if v is None else f"{v / 1000:.2f} µs" if v >= 1000 else f"{v:.1f} ns"


def count(v):
    return "–" if v is None else f"{v:,.0f}"


meta = read_json("meta.json") or {}
lock = open("Cargo.lock").read() if os.path.exists("Cargo.lock") else ""
tower_http = lock.split('name = "tower-http"\nversion = "', 1)[-1].split('"', 1)[0] if lock else "?"
p("# Benchmarks")
p("")
p(f"Written by `bash bench/run.sh` on {meta.get('cores', '?')} cores ({meta.get('cpu', '?')}), "
  f"{meta.get('rustc', '?')}. Each step, when it ran, on which commit, and the load average "
  "when it started (other work shares the machine). The sections after *Reproduce* are written "
  "by hand in `bench/notes.md` and say which run their numbers come from:")
p("")
p("| step | when | commit | load average |")
p("| --- | --- | --- | --- |")
for step in ("criterion", "interleaved", "instructions", "load", "compile"):
    st = read_json(f"stamp-{step}.json")
    if st:
        dirty = st.get("uncommitted", "").strip()
        p(f"| {step} | {st['date']} | `{st['commit']}`"
          + (f" with uncommitted changes to {dirty}" if dirty else "") + f" | {st['load']} |")
p("")
p("## What the numbers mean")
p("")
p("Most groups are one request answered three ways by the same handler, in one run: **no CORS** "
  f"(the floor), **tower-http**'s `CorsLayer` ({tower_http}) configured to the same policy, and "
  "**`#[cors]`**. Requests go through a real axum `Router`, finalised with `.with_state(())` as "
  "`axum::serve` finalises an app, answered in-process by `tower::ServiceExt::oneshot`; the "
  "request is built and the router cloned before the measured part, the response dropped after "
  "it. The handler is the smallest there is (`async fn() -> &'static str`) unless the group "
  "says otherwise, so CORS is the largest possible share of the cost. The policy is one origin, "
  "`PUT, DELETE`, `content-type`, `max_age = 600` unless the group says otherwise; the `#[cors]` "
  "router registers its handlers with `.options(preflight!(..))` (variant `cors`) or, for the "
  "main policy, also with `cors_route!` (variant `cors_route`); tower-http's layer wraps the router "
  "(`AllowOrigin::list` for exact origins, a predicate for the wildcard). Every case's response "
  "is checked (status and `Access-Control-Allow-Origin`) before anything is measured. The "
  "cases, their groups and the limits below are defined once, in `benches/cases/mod.rs`.")
p("")
p("The machine is shared with other work and noisy: read the **ratios** within a group, not the "
  "absolute times, which are there for reference only. Three measures of every case:")
p("")
p("- **instructions**: instructions executed per request under callgrind (gungraun, "
  f"`benches/instructions.rs`, {RUNS} requests per count after {RUNS} untimed ones). The same "
  "on every run whatever else the machine does: the steadiest measure, but not time (it does "
  "not see cache misses or branch mispredictions);")
p("- **interleaved**: wall-clock time per request, the variants of a group taking turns in "
  f"chunks of {shape.get('chunk', '?')} requests for {shape.get('rounds', '?')} rounds (the first one rotating), each variant's median chunk "
  "(`benches/cors.rs --interleaved`). A burst of load elsewhere hits the variants alike, so "
  "these ratios hold up on a busy machine;")
p("- **criterion**: criterion's median (with the short measurement times set in "
  "`benches/cors.rs`, so that a full run stays within minutes), one case after the other, so a burst of load can skew one variant and not the next: the least "
  "steady ratio of the three here.")
p("")

def reference(c):
    """What a case's limit divides by: the variant it names (`over`), else its group's first."""
    over = c.get("over")
    named = [r for r in groups[c["group"]] if over is not None and r["variant"] == over]
    return named[0] if named else groups[c["group"]][0]


# Targets: every case that carries a limit.
limited = [c for c in cases if c.get("limit") is not None]
if limited:
    p("## Targets")
    p("")
    p("Each limit is on a case's ratio to the reference of its group (its first variant, or "
      "the variant in the ÷ column). "
      "**met** when both the instruction count and the interleaved time are within the "
      "limit, **missed** when neither is, **mixed** otherwise; criterion is shown for reference.")
    p("")
    p("| case | ÷ | criterion | interleaved | instructions | limit | verdict |")
    p("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for c in limited:
        ref = reference(c)
        rs = [ratio(t.get(c["case"]), t.get(ref["case"])) for _, t in MEASURES]
        judged = [r <= c["limit"] for r in rs[1:] if r is not None]
        verdict = ("not measured" if not judged else "**met**" if all(judged)
                   else "**missed**" if not any(judged) else "**mixed**")
        p(f"| `{c['case']}` ({c['title']}) | `{ref['variant']}` | "
          f"{' | '.join(x(r) for r in rs)} | ≤ {c['limit']:.2f}× | {verdict} |")
    p("")

# The CORS work alone: what each variant adds to the floor of its group.
work = [(g, c) for g, cs in groups.items() if {"no_cors", "tower_http"} <= {c["variant"] for c in cs}
        for c in cs if c["variant"] not in ("no_cors", "tower_http")]
if work:
    p("## The CORS work alone")
    p("")
    p("What `#[cors]` adds to the no-CORS floor of its group, divided by what tower-http adds: "
      "(`#[cors]` − no CORS) ÷ (tower-http − no CORS).")
    p("")
    p("| group | variant | interleaved | instructions |")
    p("| --- | --- | ---: | ---: |")
    for g, c in work:
        cells = []
        for _, t in MEASURES[1:]:
            v, tw, f = (t.get(f"{g}/{name}") for name in (c["variant"], "tower_http", "no_cors"))
            cells.append(x((v - f) / (tw - f)) if None not in (v, tw, f) and tw > f else "–")
        p(f"| {c['title']} | `{c['variant']}` | {' | '.join(cells)} |")
    p("")

where = []
for c in limited:
    ref = reference(c)
    a, b = functions(c["case"]), functions(ref["case"])
    if a is not None and b is not None:
        diff = {k: a.get(k, 0) - b.get(k, 0) for k in set(a) | set(b)}
        top = [kv for kv in sorted(diff.items(), key=lambda kv: (-abs(kv[1]), kv[0])) if abs(kv[1]) >= 5]
        where.append((c, ref, top[:12]))
if where:
    p("## Where the extra instructions go")
    p("")
    p("For each case with a limit: instructions per request by function (exclusive, from "
      "`callgrind_annotate` on the two cases' profiles), this case minus its group's "
      "reference; negative = fewer. The largest differences only.")
    p("")
    for c, ref, rows in where:
        p(f"**`{c['case']}` − `{ref['case']}`**")
        p("")
        p("| instructions | function |")
        p("| ---: | --- |")
        for name, v in rows:
            p(f"| {v:+,.0f} | `{name[:110]}` |")
        p("")

p("## Every case")
p("")
p("Ratios are to the first variant of the group (no CORS, where there is one) and, where the "
  "group has one, to tower-http.")
p("")
p("| case | criterion | ÷ first | ÷ tower-http | interleaved | ÷ first | ÷ tower-http "
  "| instructions | ÷ first | ÷ tower-http |")
p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for g, cs in groups.items():
    p(f"| **{g}**: {cs[0]['title']} | | | | | | | | | |")
    tower = f"{g}/tower_http" if any(c["variant"] == "tower_http" for c in cs) else None
    for c in cs:
        cells = []
        for (_, t), fmt in zip(MEASURES, (ns, ns, count)):
            v = t.get(c["case"])
            cells += [fmt(v), x(ratio(v, t.get(cs[0]["case"]))),
                      x(ratio(v, t.get(tower))) if tower else ""]
        p(f"| `{c['variant']}` | {' | '.join(cells)} |")
p("")

load = read_jsonl("load.jsonl")
runs = [r for r in load if not r.get("probe")]
if runs:
    # In the order bench/load.sh probed them: no CORS first.
    variants = list(dict.fromkeys(r["variant"] for r in load))
    rounds = max(r["round"] for r in runs)

    def per_round(scenario, variant, key):
        rows = sorted((r for r in runs if r["scenario"] == scenario and r["variant"] == variant),
                      key=lambda r: r["round"])
        return [key(r) for r in rows]

    rps = lambda r: r["requests"] / r["seconds"]
    cpu = lambda r: r["cpu_ticks"] / r["ticks_per_second"] / max(r["requests"], 1) * 1e6
    p("## Served throughput")
    p("")
    p("`benches/serve.rs`: the quickstart's routes served by `axum::serve` on one runtime thread "
      f"on loopback, three ways, under `wrk -t1` for {rounds} rounds (the variants taking turns "
      "within each, the first one rotating). *actual* = `GET /user` from the allowed page; "
      "*preflight* = `OPTIONS /` for `PUT` with `content-type` (without CORS axum answers it "
      "405: a reference, not a preflight). Ratios are the median of the ratios within each "
      "round, with their range. The load generator, the server and other work share the "
      "cores, so a single round swings by far more than the CORS work; the server's CPU time "
      "per request (user + system, from `/proc`) is steadier than req/s, as it does not count "
      "the time the server waits for a core.")
    p("")
    p("| scenario | variant | req/s | ÷ no CORS (range) | p99 latency | server CPU per request "
      "| ÷ no CORS (range) | status, ACAO (probe) |")
    p("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    verdicts = []
    for sc in dict.fromkeys(r["scenario"] for r in runs):
        for v in variants:
            cells = []
            for key in (rps, cpu):
                mine, floor = per_round(sc, v, key), per_round(sc, "no_cors", key)
                rs = [a / b for a, b in zip(mine, floor)]
                cells.append((statistics.median(mine),
                              f"{statistics.median(rs):.2f}× ({min(rs):.2f}–{max(rs):.2f})"))
                if v == "cors" and sc == "actual":
                    within = 0.95 <= statistics.median(rs) if key is rps else \
                        statistics.median(rs) <= 1.05
                    verdicts.append(f"{'req/s' if key is rps else 'server CPU per request'} "
                                    f"{statistics.median(rs):.2f}× "
                                    f"({'**met**' if within else '**missed**'})")
            p99 = statistics.median(per_round(sc, v, lambda r: r["p99_us"])) / 1000
            probe = next((r for r in load if r.get("probe") and r["scenario"] == sc
                          and r["variant"] == v), {})
            p(f"| {sc if v == variants[0] else ''} | {v} | {cells[0][0]:,.0f} | {cells[0][1]} | "
              f"{p99:.2f} ms | {cells[1][0]:.2f} µs | {cells[1][1]} | "
              f"{probe.get('status', '–')}, {probe.get('allow_origin') or '–'} |")
    p("")
    if verdicts:
        p("Target: an actual request served with `#[cors]` within 5 % of no CORS: "
          + ", ".join(verdicts) + ".")
        p("")

macros, handlers = read_json("compile-macros.json"), read_json("compile-handlers.json")
if macros or handlers:
    handler_count = (read_json("compile-meta.json") or {}).get("handlers", 100)
    cpu_s = lambda r: r["user"] + r["system"]
    p("## Compile cost")
    p("")
    p("Timed by hyperfine, dev profile, in scratch crates (`bench/compile.sh`): wall time "
      "(median of the runs, with min–max) and CPU time (user + system of cargo and rustc, mean "
      "of the runs). On a shared machine the CPU time is the steadier of the two: it does not "
      "count the time a build waits for a core.")
    p("")
    p("| build | wall, median | min–max | CPU | runs |")
    p("| --- | ---: | ---: | ---: | ---: |")
    results = {}
    for data in (macros, handlers):
        for r in (data or {}).get("results", []):
            results[r["command"]] = r
            p(f"| {r['command']} | {r['median']:.2f} s | {r['min']:.2f}–{r['max']:.2f} s | "
              f"{cpu_s(r):.2f} s | {len(r['times'])} |")
    p("")
    p("*axum-strict-cors-macros, clean*: the macro crate and its dependencies (syn, quote, "
      f"proc-macro2) from scratch. The other rows: one crate of {handler_count} handlers "
      "`async fn hNNN(Path<u64>, String) -> String`, *plain* registered with `put(hNNN)`, "
      "*annotated* with `#[cors(...)]` on each and `put(hNNN).options(hNNN::preflight)`, "
      "rebuilt after touching its file, its dependencies already built: *incremental* is "
      "cargo's default (rustc reuses its incremental cache), *whole crate* compiles the crate "
      "again (`CARGO_INCREMENTAL=0`): the real cost of compiling the handlers. Per handler:")
    p("")
    for mode in ("incremental", "whole crate"):
        a, b = results.get(f"annotated, {mode}"), results.get(f"plain, {mode}")
        if a and b:
            p(f"- {mode}: annotated ÷ plain {a['median'] / b['median']:.2f}× wall, "
              f"{cpu_s(a) / cpu_s(b):.2f}× CPU; "
              f"+{(a['median'] - b['median']) * 1000 / handler_count:.1f} ms wall, "
              f"+{(cpu_s(a) - cpu_s(b)) * 1000 / handler_count:.1f} ms CPU per handler.")
    p("")
syn = os.path.join(OUT, "compile-syn.txt")
if os.path.exists(syn):
    p("`syn` versions an app compiles (axum, tokio with `macros`, serde with `derive`, "
      "serde_json, tracing, tracing-subscriber, axum-strict-cors), and the crates that use each:")
    p("")
    p("```text")
    p(open(syn).read().rstrip())
    p("```")
    p("")

p("## Notes")
p("")
p("- The requests' header values are made as hyper parses them, slices of a shared buffer "
  "(`parsed` in `benches/cases/mod.rs`): cloning one (a wildcard grant reflecting `Origin`, "
  "tower-http's grant, `cors_route!`'s grant layer keeping `Origin` for the answer) is a "
  "reference-count increment, not the allocation a value copied from a `&str` pays on its "
  "first clone.")
p("- No tracing subscriber is installed: the cost of formatting refusal logs is not measured.")
p("")
p("## Reproduce")
p("")
p("```sh")
p("bash bench/run.sh                                  # everything, writes BENCHMARKS.md")
p("BENCH_STEPS='interleaved instructions report' bash bench/run.sh  # the two steadiest, ~1 min")
p("cargo bench --bench cors -- actual_allowed         # criterion, one group")
p("cargo bench --bench instructions                   # instruction counts (needs gungraun-runner)")
p("cargo bench --bench instructions -- --save-baseline=before   # then, after a change:")
p("cargo bench --bench instructions -- --baseline=before        # the difference per case")
p("```")
p("")
p("A run of some steps keeps the results of the others from earlier runs; the table at the top "
  "says when each step ran. "
  "`cargo bench --bench cors -- --list-cases` prints the cases in order: gungraun's "
  "`request.case_N` is the N-th. Each count leaves its callgrind profile in "
  "`target/gungraun/axum-strict-cors/instructions/cors/request.case_N/`; "
  "`callgrind_annotate` on two of them shows where the instructions go, function by function. "
  "Benchmarks report; nothing here fails on a timing.")
if os.path.exists("bench/notes.md"):
    p("")
    p(open("bench/notes.md").read().rstrip())
print("\n".join(w))
