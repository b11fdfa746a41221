//! Wall-clock time of the cases in `benches/cases` (what CORS costs per request), two ways:
//!
//! - `cargo bench --bench cors`: criterion, one case after the other; its estimates land in
//!   `target/criterion/GROUP/VARIANT/new/estimates.json`.
//! - `--interleaved`: the variants of each group take turns in short chunks (rotating which
//!   goes first), so that a burst of load elsewhere on a shared machine hits each of them
//!   alike; prints one JSON object per case (median, quartiles of its chunks, ns per run).
//!
//! `--check` builds every case, which checks each one's response, runs each once more through
//! what is measured, and prints how many there are: the quick way to see that the cases work.
//! `--list-cases` prints one JSON object per case (name, group, variant, what the group
//! measures, the limit of its ratio if any, how many requests an instruction count covers), in
//! order, each group's reference first: the report reads the groups from it. `bench/run.sh`
//! runs all of this and writes BENCHMARKS.md.
//!
//! `--interleaved` and `--check` take the groups to run as further arguments (a group is run
//! when its name contains one of them; all groups without any): `cargo bench --bench cors --
//! --interleaved actual_ preflight_`. `--run GROUP/VARIANT` runs that one case's requests
//! (`CORS_BENCH_RUNS`, 1000 unless set) once to warm up, then once more inside `profiled`, for a
//! profiler: `valgrind --tool=callgrind --toggle-collect='*profiled*' BENCH --run ..` counts
//! that second batch only (what `benches/instructions.rs` counts, without gungraun).

mod cases;

use std::time::Duration;

use cases::Case;
use criterion::Criterion;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |name: &str| args.iter().any(|a| a == name);
    if let Some(at) = args.iter().position(|a| a == "--run") {
        let name = args.get(at + 1).expect("--run GROUP/VARIANT");
        let case = cases::all()
            .into_iter()
            .find(|c| c.name() == *name)
            .unwrap_or_else(|| panic!("no case {name}"));
        let runs = std::env::var("CORS_BENCH_RUNS").map_or(1000, |n| n.parse().expect("runs"));
        drop((case.prepare)(runs)());
        drop(profiled((case.prepare)(runs)));
        return;
    }
    // Further arguments that are not options (cargo passes `--bench`) choose groups.
    let groups: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let chosen =
        |c: &Case| groups.is_empty() || groups.iter().any(|g| c.group.contains(g.as_str()));
    let all = cases::all();
    let mut cases: Vec<Case> = Vec::new();
    if arg("--check") || arg("--interleaved") {
        cases.extend(all.into_iter().filter(|c| chosen(c)));
    } else {
        cases = all;
    }
    if arg("--check") {
        for c in &cases {
            drop((c.prepare)(1)());
        }
        println!("{} cases checked", cases.len());
    } else if arg("--list-cases") {
        list(&cases);
    } else if arg("--interleaved") {
        interleaved(&cases);
    } else {
        criterion(&cases);
    }
}

fn list(cases: &[Case]) {
    for c in cases {
        let limit = c.limit.map_or("null".to_owned(), |l| l.to_string());
        let over = c.over.map_or("null".to_owned(), |v| format!("{v:?}"));
        println!(
            "{{\"case\": {:?}, \"group\": {:?}, \"variant\": {:?}, \"title\": {:?}, \"limit\": {limit}, \"over\": {over}, \"counted_runs\": {}}}",
            c.name(),
            c.group,
            c.variant,
            c.title,
            cases::COUNTED_RUNS,
        );
    }
}

/// Runs a prepared batch: what `--run` profiles.
#[inline(never)]
fn profiled(batch: cases::Batch) -> Box<dyn std::any::Any> {
    batch()
}

fn criterion(cases: &[Case]) {
    // Short, so that the whole of `bench/run.sh` stays within minutes; `--measurement-time`
    // and friends on the command line override these.
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(30)
        .configure_from_args();
    for group_cases in cases.chunk_by(|a, b| a.group == b.group) {
        let mut group = criterion.benchmark_group(group_cases[0].group);
        for c in group_cases {
            group.bench_function(c.variant, |b| {
                b.iter_custom(|iters| {
                    // In chunks, so that the prepared inputs of a sample stay small.
                    let mut left = usize::try_from(iters).expect("iterations");
                    let mut total = Duration::ZERO;
                    while left > 0 {
                        let n = left.min(1000);
                        total += c.time(n);
                        left -= n;
                    }
                    total
                })
            });
        }
        group.finish();
    }
    criterion.final_summary();
}

/// Wall-clock ratios that a shared, noisy machine cannot skew much: the variants of a group
/// take turns in short chunks (rotating which goes first); each variant's time is the median
/// over its chunks.
fn interleaved(cases: &[Case]) {
    let env = |name: &str, default: usize| {
        std::env::var(name).map_or(default, |n| n.parse().expect(name))
    };
    let rounds = env("CORS_BENCH_ROUNDS", 1000);
    let per_chunk = env("CORS_BENCH_CHUNK", 200);
    for members in cases.chunk_by(|a, b| a.group == b.group) {
        for c in members {
            c.time(per_chunk); // warm-up
        }
        let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); members.len()];
        for round in 0..rounds {
            for k in 0..members.len() {
                let i = (round + k) % members.len();
                let elapsed = members[i].time(per_chunk);
                times[i].push(elapsed.as_secs_f64() * 1e9 / per_chunk as f64);
            }
        }
        for (c, t) in members.iter().zip(&mut times) {
            t.sort_by(f64::total_cmp);
            let at = |q: f64| t[((t.len() - 1) as f64 * q).round() as usize];
            println!(
                "{{\"case\": {:?}, \"rounds\": {rounds}, \"chunk\": {per_chunk}, \"median_ns\": {:.1}, \"p25_ns\": {:.1}, \"p75_ns\": {:.1}}}",
                c.name(),
                at(0.5),
                at(0.25),
                at(0.75)
            );
        }
    }
}
