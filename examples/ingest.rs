//! Ingest alone: how long `jaring`'s load stage takes to read and check a
//! site's input, without the model, rendering or writing; and, within it,
//! members.csv alone (after the code lists and claims.csv it is checked
//! against, as the load stage reads them). Run by bench/run.
//!
//!     cargo run --release --example ingest -- SITE [RUNS]
//!
//! Prints the median wall time of RUNS loads (default 5) and of RUNS reads
//! of members.csv, and members.csv's size over each.

use std::path::Path;
use std::time::{Duration, Instant};

use jaring::diag::Diagnostics;
use jaring::load::{claimants, members, program, reference, source, transactions};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: ingest SITE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|runs| runs.parse().ok()).unwrap_or(5);
    let root = Path::new(&root);
    let members_mb = std::fs::metadata(root.join("data/members.csv"))
        .map_or(0.0, |metadata| metadata.len() as f64 / 1e6);
    let load = median(runs, || {
        let started = Instant::now();
        let site = jaring::load::load_site(root, &mut Diagnostics::default());
        site.map(|_| started.elapsed())
    });
    let members = median(runs, || read_members(root));
    println!(
        "ingest {:.3} s ({:.0} MB/s), members.csv alone {:.3} s ({:.0} MB/s), {members_mb:.0} MB",
        load.as_secs_f64(),
        members_mb / load.as_secs_f64(),
        members.as_secs_f64(),
        members_mb / members.as_secs_f64(),
    );
}

/// The median of `runs` times that `step` measures; a step that finds the
/// site has errors (None) stops the program.
fn median(runs: usize, mut step: impl FnMut() -> Option<Duration>) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            step().unwrap_or_else(|| {
                eprintln!("the site has errors: run jaring check");
                std::process::exit(1);
            })
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Reads what members.csv is checked against, untimed, then the members:
/// their time, when they and the claims loaded.
fn read_members(root: &Path) -> Option<Duration> {
    let mut diagnostics = Diagnostics::default();
    let mut sources = source::find_sources(root, &mut diagnostics);
    let program = program::load_program(root, &mut diagnostics);
    let sectors = reference::load_sectors(root, &mut sources, &[], &mut diagnostics);
    let districts = reference::load_districts(root, &mut sources, &[], &mut diagnostics);
    let mut claimants = claimants::Claimants::default();
    let claims = transactions::load_claims(
        root,
        &mut sources,
        program.as_ref(),
        &mut claimants,
        &[],
        &mut diagnostics,
    );
    let tables = sources.tables.clone();
    let rules = members::MemberRules {
        program: program.as_ref(),
        sectors: sectors.as_ref(),
        districts: districts.as_ref(),
        extra_columns: &[],
        tables: &tables,
    };
    let started = Instant::now();
    let groups =
        members::load_members(root, &mut sources, &rules, &mut claimants, &mut diagnostics);
    let elapsed = started.elapsed();
    (claims.is_some() && matches!(groups, Some(Some(_)))).then_some(elapsed)
}
