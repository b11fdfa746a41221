//! Instruction counts of the cases in `benches/cases`, with gungraun (callgrind): the same
//! count on every run however busy the machine is, so the steadiest measure of what CORS
//! costs. Needs valgrind and `gungraun-runner` of the same version as the `gungraun` crate
//! (`bash bench/run.sh` installs both).
//!
//! Each benchmark `request.case_N` is the N-th case of `cases::all()` (in the order that
//! `cargo bench --bench cors -- --list-cases` prints): its setup builds the case, runs its
//! requests once untimed to warm the allocator, and prepares as many more; only those are
//! counted, so a count is `cases::COUNTED_RUNS` requests. Profiles and summaries land in
//! `target/gungraun`.

#[allow(dead_code, reason = "names and timing are for the wall-clock bench")]
mod cases;

use std::any::Any;

use gungraun::prelude::*;

fn case_count() -> usize {
    cases::all().len()
}

fn prepare(index: usize) -> cases::Batch {
    let case = cases::all()
        .into_iter()
        .nth(index)
        .expect("an index below case_count()");
    drop((case.prepare)(cases::COUNTED_RUNS)());
    (case.prepare)(cases::COUNTED_RUNS)
}

#[library_benchmark]
#[benches::case(iter = 0..case_count(), setup = prepare)]
fn request(batch: cases::Batch) -> Box<dyn Any> {
    batch()
}

library_benchmark_group!(name = cors, benchmarks = request);

main!(library_benchmark_groups = cors);
