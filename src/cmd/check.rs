//! `jaring check`: everything `build` checks, writing nothing.

use std::path::Path;
use std::process::ExitCode;

use crate::diag::Diagnostics;

pub fn run(root: &Path, deny_warnings: bool) -> ExitCode {
    if let Err(problem) = super::check_site_folder(root) {
        eprintln!("error: {problem}");
        return ExitCode::from(super::USAGE_ERROR);
    }
    let mut diagnostics = Diagnostics::default();
    let files = super::build_site(root, &mut diagnostics);
    super::report(&diagnostics);
    let failed = super::failed(&files, &diagnostics, deny_warnings);
    if !failed {
        eprintln!("ok: the site builds");
    } else if files.is_some() {
        eprintln!("--deny-warnings makes the warnings above errors");
    }
    super::exit_code(!failed)
}
