#!/usr/bin/env python3
"""The steps of bench/run.sh: instruction counts, served throughput, compile cost, report.

Each step writes JSON into the results directory; `report` turns the results (and criterion's
estimates) into BENCHMARKS.md. Run through bench/run.sh, which builds the binaries and passes
their paths.

    steps.py instructions OUT CORS_BIN
    steps.py load OUT SERVE_BIN
    steps.py compile OUT REPO
    steps.py report OUT CRITERION_DIR > BENCHMARKS.md
"""

import datetime
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import http.client

VARIANTS = ["no_cors", "tower_http", "cors"]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def save(out, name, data):
    with open(os.path.join(out, name), "w") as f:
        json.dump(data, f, indent=1)


def load_json(out, name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


# ---------------------------------------------------------------- instruction counts

def callgrind(binary, case, n, out_file="/dev/null"):
    """Instructions executed inside `measured_loop` for N runs of one case."""
    env = dict(os.environ, CORS_BENCH_COUNT=case, CORS_BENCH_N=str(n))
    r = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}",
         "--toggle-collect=*measured_loop*", binary],
        env=env, text=True, capture_output=True)
    if r.returncode != 0:
        raise SystemExit(f"callgrind failed on {case}:\n{r.stderr[-2000:]}")
    m = re.search(r"Collected : (\d+)", r.stderr)
    return int(m.group(1))


def functions(profile):
    """Exclusive instructions per function of a callgrind profile."""
    text = sh(["callgrind_annotate", "--threshold=100", profile]).stdout
    result = {}
    for line in text.splitlines():
        m = re.match(r"^\s*([\d,]+) \([^)]*\)\s+(.*)$", line)
        if not m or "PROGRAM TOTALS" in line:
            continue
        name = m.group(2).split(" [")[0]
        name = re.sub(r"^(\?\?\?|\./[^:]*):", "", name)
        result[name] = result.get(name, 0) + int(m.group(1).replace(",", ""))
    return result


def step_instructions(out, binary):
    n = int(os.environ.get("BENCH_CALLGRIND_N", "2000"))
    cases = sh([binary, "--list-cases"]).stdout.split()
    counts = {}
    for case in cases:
        counts[case] = callgrind(binary, case, n) / n
        print(f"  {case:40} {counts[case]:10.0f} instructions", file=sys.stderr)
    # Where the extra instructions of #[cors] go, function by function.
    profiles = {}
    pairs = [("actual_allowed/cors", "actual_allowed/no_cors"),
             ("preflight_allowed/cors", "preflight_allowed/no_cors"),
             ("preflight_allowed/tower_http", "preflight_allowed/no_cors"),
             ("actual_refused/cors", "actual_allowed/cors"),
             ("actual_extractors/cors", "actual_extractors/no_cors"),
             ("origin_lists/cors_wildcard", "origin_lists/cors_1")]
    with tempfile.TemporaryDirectory() as tmp:
        for a, b in pairs:
            fa, fb = os.path.join(tmp, "a"), os.path.join(tmp, "b")
            callgrind(binary, a, n, fa)
            callgrind(binary, b, n, fb)
            pa, pb = functions(fa), functions(fb)
            diff = {k: (pa.get(k, 0) - pb.get(k, 0)) / n for k in set(pa) | set(pb)}
            top = sorted(diff.items(), key=lambda kv: -abs(kv[1]))[:14]
            profiles[f"{a} - {b}"] = [(k, round(v, 1)) for k, v in top if abs(v) >= 5]
    save(out, "instructions.json", {"n": n, "per_request": counts, "profiles": profiles})


# ---------------------------------------------------------------- served throughput

SCENARIOS = {
    # GET /user from the allowed page: an actual request.
    "actual": {"path": "/user", "method": "GET",
               "headers": {"Origin": "http://www.example.com"}},
    # The preflight of PUT / from the allowed page.
    "preflight": {"path": "/", "method": "OPTIONS",
                  "headers": {"Origin": "http://www.example.com",
                              "Access-Control-Request-Method": "PUT",
                              "Access-Control-Request-Headers": "content-type"}},
}


def wrk_script(scenario, directory):
    s = SCENARIOS[scenario]
    path = os.path.join(directory, f"{scenario}.lua")
    with open(path, "w") as f:
        f.write(f'wrk.method = "{s["method"]}"\n')
        for k, v in s["headers"].items():
            f.write(f'wrk.headers["{k}"] = "{v}"\n')
    return path


def to_ms(value):
    m = re.match(r"([\d.]+)(us|ms|s)$", value)
    number, unit = float(m.group(1)), m.group(2)
    return number * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def probe(addr, scenario):
    host, port = addr.split(":")
    s = SCENARIOS[scenario]
    c = http.client.HTTPConnection(host, int(port), timeout=5)
    c.request(s["method"], s["path"], headers=s["headers"])
    r = c.getresponse()
    r.read()
    c.close()
    return r.status, r.getheader("access-control-allow-origin")


def cpu_seconds(pid):
    """User + system CPU time of a process so far (from /proc, in clock ticks)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def step_load(out, binary):
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "2"))
    rounds = int(os.environ.get("BENCH_LOAD_ROUNDS", "9"))
    connections = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "32"))
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    budget = rounds * len(SCENARIOS) * len(VARIANTS) * (seconds + 2) + 30
    servers, addrs = {}, {}
    results = {sc: {v: [] for v in VARIANTS} for sc in SCENARIOS}
    probes = {}
    tmp = tempfile.mkdtemp()
    try:
        for v in VARIANTS:
            env = dict(os.environ, CORS_SERVE=v, CORS_SERVE_SECONDS=str(budget))
            p = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, text=True)
            line = p.stdout.readline()
            servers[v] = p
            addrs[v] = line.strip().split()[-1]
            assert addrs[v].startswith("127.0.0.1:"), line
        for sc in SCENARIOS:
            for v in VARIANTS:
                probes[f"{sc}/{v}"] = probe(addrs[v], sc)
        scripts = {sc: wrk_script(sc, tmp) for sc in SCENARIOS}
        for r in range(rounds):
            for sc in SCENARIOS:
                # Interleaved, first variant rotating, so that a burst of load elsewhere hits
                # every variant alike.
                for k in range(len(VARIANTS)):
                    v = VARIANTS[(r + k) % len(VARIANTS)]
                    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
                           "-s", scripts[sc], f"http://{addrs[v]}{SCENARIOS[sc]['path']}"]
                    cpu_before = cpu_seconds(servers[v].pid)
                    text = sh(cmd).stdout
                    cpu = cpu_seconds(servers[v].pid) - cpu_before
                    requests = int(re.search(r"(\d+) requests in", text).group(1))
                    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
                    p99 = to_ms(re.search(r"\s99%\s+(\S+)", text).group(1))
                    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
                    results[sc][v].append({"rps": rps, "p99_ms": p99,
                                           "cpu_us": cpu * 1e6 / max(requests, 1),
                                           "non_2xx": int(non2xx.group(1)) if non2xx else 0})
                    print(f"  round {r + 1} {sc:9} {v:10} {rps:10.0f} req/s  p99 {p99:.2f} ms"
                          f"  server CPU {cpu * 1e6 / max(requests, 1):.2f} µs/request",
                          file=sys.stderr)
    finally:
        for p in servers.values():
            p.terminate()
            p.wait()
        shutil.rmtree(tmp)
    save(out, "load.json", {"seconds": seconds, "rounds": rounds, "connections": connections,
                            "probes": probes, "results": results})


# ---------------------------------------------------------------- compile cost

HANDLER_ANNOTATED = """
#[cors(origins = "https://app.example.com", methods = "PUT, DELETE", headers = "content-type")]
pub async fn h{i:03}(Path(id): Path<u64>, body: String) -> String {{
    format!("{i}: {{id}} {{}}", body.len())
}}
"""
HANDLER_PLAIN = """
pub async fn h{i:03}(Path(id): Path<u64>, body: String) -> String {{
    format!("{i}: {{id}} {{}}", body.len())
}}
"""


def scratch_workspace(repo, root, handlers):
    """A workspace with `annotated` and `plain` (the same 100 handlers, with and without
    #[cors]) and `typical` (a typical axum app's dependencies, for the syn check)."""
    with open(os.path.join(root, "Cargo.toml"), "w") as f:
        f.write('[workspace]\nmembers = ["annotated", "plain", "typical", "minimal"]\n'
                'resolver = "2"\n')
    shutil.copy(os.path.join(repo, "Cargo.lock"), root)
    deps = {
        "annotated": f'axum = "0.8"\naxum-cors = {{ path = "{repo}" }}\n',
        "plain": 'axum = "0.8"\n',
        "typical": (f'axum = "0.8"\naxum-cors = {{ path = "{repo}" }}\n'
                    'tokio = { version = "1", features = ["macros", "rt-multi-thread"] }\n'
                    'serde = { version = "1", features = ["derive"] }\nserde_json = "1"\n'
                    'tracing = "0.1"\n'
                    'tracing-subscriber = { version = "0.3", features = ["env-filter"] }\n'),
        "minimal": (f'axum = "0.8"\naxum-cors = {{ path = "{repo}" }}\n'
                    'tokio = { version = "1", features = ["macros", "rt-multi-thread"] }\n'
                    'serde = { version = "1", features = ["derive"] }\nserde_json = "1"\n'),
    }
    for name, dep in deps.items():
        os.makedirs(os.path.join(root, name, "src"))
        with open(os.path.join(root, name, "Cargo.toml"), "w") as f:
            f.write(f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\n'
                    f'publish = false\n\n[dependencies]\n{dep}')
    for name, template in [("annotated", HANDLER_ANNOTATED), ("plain", HANDLER_PLAIN)]:
        use = "use axum::{extract::Path, routing::put, Router};\n"
        if name == "annotated":
            use += "use axum_cors::cors;\n"
        body = "".join(template.format(i=i) for i in range(handlers))
        routes = "".join(
            f'        .route("/h{i:03}/{{id}}", put(h{i:03})'
            + (f".options(h{i:03}::preflight)" if name == "annotated" else "") + ")\n"
            for i in range(handlers))
        app = f"\npub fn app() -> Router {{\n    Router::new()\n{routes}}}\n"
        with open(os.path.join(root, name, "src", "lib.rs"), "w") as f:
            f.write(use + body + app)
    for name in ["typical", "minimal"]:
        with open(os.path.join(root, name, "src", "lib.rs"), "w") as f:
            f.write("//! Only its dependency tree matters.\n")


def timed(cmd, cwd, env):
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env, text=True, capture_output=True)
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stderr[-3000:]}")
    return elapsed, r.stderr


def unit_durations(target):
    """Per-crate compile durations from cargo's --timings report."""
    html = open(os.path.join(target, "cargo-timings", "cargo-timing.html")).read()
    data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\n\]);", html, re.S).group(1))
    units = {}
    for u in data:
        key = u["name"] + (" (build script)" if "build-script" in u["target"] else "")
        units[key] = round(units.get(key, 0) + u["duration"], 2)
    return units


def step_compile(out, repo):
    repo = os.path.abspath(repo)
    handlers = int(os.environ.get("BENCH_COMPILE_HANDLERS", "100"))
    repeats = int(os.environ.get("BENCH_COMPILE_REPEATS", "3"))
    result = {"handlers": handlers, "repeats": repeats}
    root = tempfile.mkdtemp(prefix="axum-cors-compile.")
    try:
        env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(root, "target-macros"))
        env.pop("RUSTFLAGS", None)
        # Clean build of the macro crate and its dependencies, each crate timed by cargo.
        elapsed, _ = timed(["cargo", "build", "--offline", "-p", "axum-cors-macros",
                            "--timings"], repo, env)
        result["macros_clean_s"] = round(elapsed, 2)
        result["macros_units"] = unit_durations(env["CARGO_TARGET_DIR"])
        result["macros_tree"] = sh(["cargo", "tree", "--offline", "-p", "axum-cors-macros",
                                    "-e", "normal,build"], cwd=repo).stdout
        ws = os.path.join(root, "ws")
        os.makedirs(ws)
        scratch_workspace(repo, ws, handlers)
        env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(ws, "target"))
        env.pop("RUSTFLAGS", None)
        # Warm: every dependency built once; then only the crate itself is rebuilt.
        timed(["cargo", "build", "--offline", "-p", "annotated", "-p", "plain"], ws, env)
        # Two ways: `touch` then an incremental build (what an edit-compile loop sees when
        # nothing changed), and the whole crate compiled again (CARGO_INCREMENTAL=0): the
        # honest cost of compiling the handlers.
        full_env = dict(env, CARGO_INCREMENTAL="0")
        for name in ["plain", "annotated"]:
            for mode, mode_env in [("incremental", env), ("full", full_env)]:
                times = []
                for _ in range(repeats):
                    os.utime(os.path.join(ws, name, "src", "lib.rs"))
                    elapsed, _ = timed(["cargo", "build", "--offline", "-p", name], ws, mode_env)
                    times.append(round(elapsed, 2))
                result[f"{name}_{mode}_s"] = times
        syn = {}
        apps = [("typical", "typical", []), ("typical + axum/macros", "typical", ["-F", "axum/macros"]),
                ("minimal", "minimal", [])]
        for label, package, extra in apps:
            base = ["cargo", "tree", "--offline", "-p", package, "-e", "normal,build"] + extra
            tree = sh(base + ["--prefix", "none"], cwd=ws, env=env).stdout
            versions = sorted({l.split()[1] for l in tree.splitlines() if l.startswith("syn v")})
            users = {}
            for v in versions:
                # Who depends on this syn directly.
                inverse = sh(base + ["-i", f"syn@{v[1:]}", "--depth", "1", "--prefix", "depth"],
                             cwd=ws, env=env).stdout
                users[v] = sorted({l[1:].split()[0] for l in inverse.splitlines()
                                   if l.startswith("1")})
            syn[label] = users
        result["syn"] = syn
    finally:
        shutil.rmtree(root, ignore_errors=True)
    save(out, "compile.json", result)


# ---------------------------------------------------------------- report

GROUPS = [
    ("actual_allowed", "actual request, allowed origin"),
    ("actual_refused", "actual request, refused origin"),
    ("actual_no_origin", "actual request, no `Origin`"),
    ("actual_extractors", "actual request, allowed, handler with `Path` + `String` body"),
    ("actual_json", "actual request, allowed, handler returning a small JSON document"),
    ("preflight_allowed", "preflight, allowed"),
    ("preflight_refused", "preflight, refused"),
    ("origins_1", "allowed origin, 1 exact origin"),
    ("origins_10", "allowed origin, 10 exact origins"),
    ("origins_100", "allowed origin, 100 exact origins"),
    ("origins_wildcard", "allowed origin, `https://*.example.com`"),
]


def criterion_medians(criterion_dir):
    medians = {}
    for path in glob.glob(os.path.join(criterion_dir, "*", "*", "new", "estimates.json")):
        parts = path.split(os.sep)
        with open(path) as f:
            medians[f"{parts[-4]}/{parts[-3]}"] = json.load(f)["median"]["point_estimate"]
    return medians


def ns(value):
    if value is None:
        return "–"
    return f"{value / 1000:.2f} µs" if value >= 1000 else f"{value:.1f} ns"


def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "–"


def verdict(value, limit, below=True):
    if value is None:
        return "not measured"
    ok = value <= limit if below else value >= limit
    return "**met**" if ok else "**missed**"


def paired(results, a, b, key="rps"):
    """Median, min and max over rounds of the ratio of a's `key` to b's in the same round."""
    ratios = [x[key] / y[key] for x, y in zip(results[a], results[b])]
    return statistics.median(ratios), min(ratios), max(ratios)


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": sh(["nproc"]).stdout.strip(),
        "cpu": cpu,
        "rustc": sh(["rustc", "--version"]).stdout.strip(),
        "load": open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else [],
    }


def step_report(out, criterion_dir):
    med = criterion_medians(criterion_dir)
    ins = load_json(out, "instructions.json") or {"per_request": {}, "profiles": {}}
    ir = ins["per_request"]
    il = {}
    if os.path.exists(os.path.join(out, "interleaved.jsonl")):
        for line in open(os.path.join(out, "interleaved.jsonl")):
            if line.strip():
                row = json.loads(line)
                il[row["case"]] = row["median_ns"]
    load = load_json(out, "load.json")
    comp = load_json(out, "compile.json")
    meta = load_json(out, "meta.json") or {}
    m = machine()
    w = []
    p = w.append

    def r(table, a, b):
        x, y = table.get(a), table.get(b)
        return x / y if x is not None and y else None

    p("# Benchmarks")
    p("")
    p(f"Written by `bench/run.sh` on {meta.get('date', datetime.date.today().isoformat())}: "
      f"{m['cores']} cores ({m['cpu']}), {m['rustc']}, load average "
      f"{meta.get('load', '?')} when the run started; library at commit "
      f"`{meta.get('commit', '?')}`"
      + (f" plus uncommitted changes to {', '.join(f'`{f}`' for f in meta['uncommitted'])}"
         if meta.get("uncommitted") else "")
      + ". The machine is shared and "
      "noisy, so the headline is **ratios** from one run, each group measured back to back; "
      "absolute times are in the tables for reference only. Three measures of every case:")
    p("")
    p("- **criterion**: criterion's median (1 s warm-up, 3 s measurement, 50 samples), in-process "
      "through a real axum `Router` with `tower::ServiceExt::oneshot`;")
    p("- **interleaved**: the same cases timed by the bench binary itself "
      "(`--interleaved`): the variants of a group take turns in chunks of 200 requests, 400 "
      "rounds, and each variant's time is its median chunk. A burst of load elsewhere hits the "
      "three alike, so these ratios hold up on a busy machine much better than criterion's, "
      "which measures one variant for 4 s, then the next;")
    p("- **instructions**: instructions executed per request under "
      "`valgrind --tool=callgrind` (the same for every run, whatever else the machine is "
      "doing), counting only the measured loop.")
    p("")
    p("The three variants serve the same handler (`async fn() -> &'static str`, the smallest "
      "there is, so CORS is the largest possible share of the cost): **no CORS** (the floor), "
      "**tower-http** `CorsLayer` (0.7) configured to the same policy, and **`#[cors]`**. The "
      "policy is the quickstart's `update`: one origin, `PUT, DELETE`, `content-type`, "
      "`max_age = 600`; the `#[cors]` router registers its preflight with "
      "`.options(preflight!(handler))`, tower-http's layer wraps the router.")
    p("")

    # Targets.
    measures = [("criterion", med), ("interleaved", il), ("instructions", ir)]

    def target_row(title, a, b, limit, below=True):
        cells, verdicts = [], []
        for label, table in measures:
            v = r(table, a, b)
            cells.append("–" if v is None else f"{v:.2f}×")
            if v is not None:
                verdicts.append(v <= limit if below else v >= limit)
        word = ("**met**" if all(verdicts) else "**missed**" if not any(verdicts)
                else "**mixed**") if verdicts else "not measured"
        sign = "≤" if below else "≥"
        p(f"| {title} | {' | '.join(cells)} | {sign} {limit:.2f}× | {word} |")

    p("## Targets")
    p("")
    p("Ratios of medians (time: criterion, and interleaved; instructions: callgrind). "
      "The verdict is **met** when every measure meets the limit.")
    p("")
    p("| target | time (criterion) | time (interleaved) | instructions | limit | verdict |")
    p("| --- | ---: | ---: | ---: | --- | --- |")
    for group in ["actual_allowed", "actual_refused", "actual_no_origin", "actual_extractors",
                  "actual_json"]:
        target_row(f"`#[cors]` {group.replace('_', ' ')} ÷ no CORS",
                   f"{group}/cors", f"{group}/no_cors", 1.10)
    for group in ["preflight_allowed", "preflight_refused"]:
        target_row(f"`#[cors]` {group.replace('_', ' ')} ÷ tower-http",
                   f"{group}/cors", f"{group}/tower_http", 0.50)
    target_row("`#[cors]` 100 origins ÷ 1 origin, through the router",
               "origin_lists/cors_100", "origin_lists/cors_1", 1.10)
    target_row("`Policy::allowed_origin` alone, 100 origins ÷ 1 origin",
               "match_origin/exact_100", "match_origin/exact_1", 1.10)
    if load:
        v, lo, hi = paired(load["results"]["actual"], "cors", "no_cors")
        p(f"| served req/s (wrk, GET /user), `#[cors]` ÷ no CORS | | {v:.2f}× "
          f"(rounds: {lo:.2f}–{hi:.2f}) | | ≥ 0.95× | {verdict(v, 0.95, below=False)} |")
        res = load["results"]["actual"]
        if "cpu_us" in res["cors"][0]:
            c, lo, hi = paired(res, "cors", "no_cors", "cpu_us")
            p(f"| served, server CPU per request, `#[cors]` ÷ no CORS | | {c:.2f}× "
              f"(rounds: {lo:.2f}–{hi:.2f}) | | ≤ 1.05× | {verdict(c, 1.05)} |")
    p("")
    p("For reference, tower-http ÷ no CORS on an allowed actual request: "
      f"{ratio(med.get('actual_allowed/tower_http'), med.get('actual_allowed/no_cors'))} "
      f"(criterion), {ratio(il.get('actual_allowed/tower_http'), il.get('actual_allowed/no_cors'))} "
      f"(interleaved), {ratio(ir.get('actual_allowed/tower_http'), ir.get('actual_allowed/no_cors'))} "
      "(instructions).")
    p("")

    p("The CORS work alone, what each variant adds to the no-CORS floor of its group, "
      "`#[cors]` ÷ tower-http: ")
    p("")
    p("| group | time (interleaved) | instructions |")
    p("| --- | ---: | ---: |")
    for group, title in GROUPS:
        cells = []
        for table in (il, ir):
            c, t, f = (table.get(f"{group}/{v}") for v in ("cors", "tower_http", "no_cors"))
            ok = None not in (c, t, f) and t - f > 0
            cells.append(f"{(c - f) / (t - f):.2f}×" if ok else "–")
        p(f"| {title} | {cells[0]} | {cells[1]} |")
    p("")

    # Tables.
    p("## Requests through a `Router`")
    p("")
    p("Ratios are to the no-CORS floor of the same group and to tower-http. For preflights the "
      "floor is an `OPTIONS` handler that answers 204 and does no CORS work. The granted origin "
      "of each list is its last one (tower-http's `AllowOrigin::list` scans linearly; "
      "`#[cors]` probes a collision-free hash table built at compile time); the wildcard policy is a predicate for "
      "tower-http.")
    p("")
    p("| group | variant | criterion | ÷ no CORS | ÷ tower-http | interleaved | ÷ no CORS | ÷ tower-http | instructions | ÷ no CORS | ÷ tower-http |")
    p("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for group, title in GROUPS:
        for v in VARIANTS:
            c = f"{group}/{v}"
            floor, tower = f"{group}/no_cors", f"{group}/tower_http"
            name = {"no_cors": "no CORS", "tower_http": "tower-http", "cors": "`#[cors]`"}[v]
            ir_v = ir.get(c)
            p(f"| {title if v == 'no_cors' else ''} | {name} | {ns(med.get(c))} | "
              f"{ratio(med.get(c), med.get(floor))} | {ratio(med.get(c), med.get(tower))} | "
              f"{ns(il.get(c))} | {ratio(il.get(c), il.get(floor))} | "
              f"{ratio(il.get(c), il.get(tower))} | "
              f"{'–' if ir_v is None else f'{ir_v:,.0f}'} | {ratio(ir_v, ir.get(floor))} | "
              f"{ratio(ir_v, ir.get(tower))} |")
    p("")
    p("## Other groups")
    p("")
    p("| case | criterion | interleaved | instructions |")
    p("| --- | ---: | ---: | ---: |")
    for c in sorted(k for k in set(med) | set(ir) | set(il)
                    if k.startswith(("origin_lists", "preflight_direct", "match_origin"))):
        p(f"| `{c}` | {ns(med.get(c))} | {ns(il.get(c))} | "
          f"{'–' if ir.get(c) is None else f'{ir[c]:,.0f}'} |")
    p("")
    p("`origin_lists`: the `#[cors]` routers of the origin-list groups above, side by side "
      "(interleaved with each other). "
      "`preflight_direct`: the generated `handler::preflight` called directly vs tower-http's "
      "`Cors` service around a no-op service (the request is built outside the measured part "
      "and dropped inside it, for both). `match_origin`: `Policy::allowed_origin` on a "
      "generated `handler::POLICY`, the whole per-request origin check.")
    p("")
    if ins.get("profiles"):
        p("## Where the extra instructions go")
        p("")
        p("Per request, function by function (callgrind, exclusive instructions, difference "
          "between two cases; negative = fewer).")
        p("")
        for pair, rows in ins["profiles"].items():
            p(f"**{pair}**")
            p("")
            p("| instructions | function |")
            p("| ---: | --- |")
            for name, v in rows:
                p(f"| {v:+,.0f} | `{name[:110]}` |")
            p("")

    if load:
        p("## Served throughput")
        p("")
        p(f"The quickstart's routes served by `axum::serve` on one runtime thread (loopback), "
          f"three ways; `wrk -t1 -c{load['connections']} -d{load['seconds']}s --latency`, "
          f"{load['rounds']} rounds, the three variants taking turns in each (the first one "
          "rotating); req/s and p99 are medians over the rounds, the ratio is the median of "
          "the ratios within each round (with their range). No tracing subscriber. "
          "`actual` = `GET /user` from the allowed page; `preflight` = `OPTIONS /` for `PUT` "
          "with `content-type` (without CORS axum answers it 405: a reference, not a "
          "preflight).")
        p("")
        p("| scenario | variant | req/s | ÷ no CORS (range) | p99 latency | server CPU per request | ÷ no CORS (range) | status, ACAO (probe) |")
        p("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for sc in ["actual", "preflight"]:
            res = load["results"][sc]
            for v in VARIANTS:
                rps = statistics.median(x["rps"] for x in res[v])
                p99 = statistics.median(x["p99_ms"] for x in res[v])
                rv, lo, hi = paired(res, v, "no_cors")
                status, acao = load["probes"][f"{sc}/{v}"]
                cpu = statistics.median(x["cpu_us"] for x in res[v])
                cv, clo, chi = paired(res, v, "no_cors", "cpu_us")
                p(f"| {sc if v == 'no_cors' else ''} | {v} | {rps:,.0f} | "
                  f"{rv:.2f}× ({lo:.2f}–{hi:.2f}) | {p99:.2f} ms | {cpu:.2f} µs | "
                  f"{cv:.2f}× ({clo:.2f}–{chi:.2f}) | {status}, {acao or '–'} |")
        p("")
        p("On this machine the load generator, the server and other work share 2 cores: a "
          "single round swings by ±15 %, far more than the CORS work (tens of nanoseconds in "
          "a request that costs about 10 µs served), and p99 is mostly scheduling noise. Read "
          "the in-process ratios above for the cost of CORS itself. The server's CPU time per "
          "request (user + system, from `/proc`, over each run) is steadier than req/s: it does "
          "not count the time the server waits for a core.")
        p("")

    if comp:
        p("## Compile cost")
        p("")
        units = comp["macros_units"]
        p(f"Clean build of `axum-cors-macros` with its dependencies (dev profile, 2 jobs): "
          f"**{comp['macros_clean_s']:.1f} s** wall. Per crate, from `cargo build --timings`:")
        p("")
        p("| crate | seconds |")
        p("| --- | ---: |")
        for k, v in sorted(units.items(), key=lambda kv: -kv[1]):
            p(f"| {k} | {v:.2f} |")
        p("")
        n = comp["handlers"]
        p(f"{n} handlers `async fn hNNN(Path<u64>, String) -> String` in one crate (dev "
          f"profile, dependencies already built; median of {comp['repeats']} runs), rebuilt "
          "after touching its file: *incremental* is cargo's default (rustc reuses its "
          "incremental cache), *whole crate* compiles the crate again from scratch "
          "(`CARGO_INCREMENTAL=0`), the real cost of compiling the handlers:")
        p("")
        p("| build | unannotated, `put(hNNN)` | `#[cors(...)]` on each, `put(hNNN).options(hNNN::preflight)` | ratio | per handler |")
        p("| --- | ---: | ---: | ---: | ---: |")
        for mode, label in [("incremental", "incremental"), ("full", "whole crate")]:
            a, b = comp.get(f"annotated_{mode}_s"), comp.get(f"plain_{mode}_s")
            if not a or not b:
                continue
            ma, mb = statistics.median(a), statistics.median(b)
            p(f"| {label} | {mb:.2f} s {b} | {ma:.2f} s {a} | {ma / mb:.2f}× | "
              f"+{(ma - mb) / n * 1000:.1f} ms |")
        p("")
        p("Dependencies of the macro crate (`cargo tree -p axum-cors-macros -e normal,build`):")
        p("")
        p("```text")
        p(comp["macros_tree"].rstrip())
        p("```")
        p("")
        p("`syn` versions compiled by an app, and which crates use each (*typical*: axum, "
          "tokio with `macros`, serde with `derive`, serde_json, tracing, tracing-subscriber, "
          "axum-cors; *minimal*: the same without tracing):")
        p("")
        p("| app | syn | used by |")
        p("| --- | --- | --- |")
        for label, users in comp["syn"].items():
            for i, (v, who) in enumerate(users.items()):
                p(f"| {label if i == 0 else ''} | {v} | {', '.join(who)} |")
        p("")

    p("## Notes")
    p("")
    p("- The requests are built with `Request::builder().header(..)`, so their header values "
      "are `Bytes` copied from a `&str`: the first clone of one allocates (it becomes shared). "
      "Requests parsed by hyper hold slices of a shared buffer, whose clone is a reference-count "
      "increment. Where `#[cors]` clones the request's `Origin` (a wildcard grant), this bench "
      "charges it an allocation a served request would not pay.")
    p("- No tracing subscriber is installed: refusals are logged only when `axum_cors` is "
      "enabled at debug (actual requests) or warn (preflights), and the cost of formatting "
      "those lines is not measured here.")
    p("- The no-CORS handler takes no argument; the `#[cors]` wrapper of the same handler "
      "takes one extractor, so axum splits the request into parts and joins them again for "
      "it (the `Handler::call` closure and `memcpy` lines above). Handlers that already take "
      "an extractor pay this anyway (`actual_extractors`).")
    p("")
    p("## Reproduce")
    p("")
    p("```sh")
    p("bash bench/run.sh                     # everything, writes BENCHMARKS.md (~10 minutes)")
    p("BENCH_STEPS='criterion report' bash bench/run.sh   # a subset of the steps")
    p("cargo bench --bench cors              # criterion alone")
    p("cargo bench --bench cors -- actual_allowed   # one group")
    p("```")
    p("")
    p("Steps: `criterion`, `instructions` (needs valgrind), `load` (needs wrk: "
      "`apt-get install -y wrk`), `compile`, `report`. Benchmarks report; nothing here fails "
      "on a timing.")
    print("\n".join(w))


def main():
    step, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    {"instructions": step_instructions, "load": step_load, "compile": step_compile,
     "report": step_report}[step](out, *sys.argv[3:])


if __name__ == "__main__":
    main()
