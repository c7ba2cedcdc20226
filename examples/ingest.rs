//! Ingest alone: how long `jaring`'s load stage takes to read and check a
//! site's input (members.csv, the largest file, above all), without the
//! model, rendering or writing. Run by bench/run.
//!
//!     cargo run --release --example ingest -- SITE [RUNS]
//!
//! Prints the median wall time of RUNS loads (default 5) and members.csv's
//! size over it.

use std::path::Path;
use std::time::{Duration, Instant};

use jaring::diag::Diagnostics;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: ingest SITE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|runs| runs.parse().ok()).unwrap_or(5);
    let root = Path::new(&root);
    let members_bytes = std::fs::metadata(root.join("data/members.csv"))
        .map(|metadata| metadata.len())
        .unwrap_or(0);
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let started = Instant::now();
            let mut diagnostics = Diagnostics::default();
            let site = jaring::load::load_site(root, &mut diagnostics);
            let elapsed = started.elapsed();
            if site.is_none() {
                eprintln!("{root:?} has errors: run jaring check");
                std::process::exit(1);
            }
            elapsed
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "ingest {:.3} s, members.csv {:.0} MB at {:.0} MB/s",
        median.as_secs_f64(),
        members_bytes as f64 / 1e6,
        members_bytes as f64 / 1e6 / median.as_secs_f64()
    );
}
