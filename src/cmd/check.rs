//! `jaring check`: everything `build` checks, writing nothing.

use std::path::Path;
use std::process::ExitCode;

use crate::diag::Diagnostics;

pub fn run(root: &Path) -> ExitCode {
    let mut diagnostics = Diagnostics::default();
    let files = super::build_site(root, &mut diagnostics);
    super::report(&diagnostics);
    if files.is_some() {
        eprintln!("ok: the site builds");
    }
    super::exit_code(files.is_some())
}
