//! `jaring build`: render the site and replace the output folder with it.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::diag::Diagnostics;
use crate::write::{self, OutputFolder};

pub fn run(root: &Path, output: &Path, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    if let Err(problem) = super::check_site_folder(root) {
        eprintln!("error: {problem}");
        return ExitCode::from(super::USAGE_ERROR);
    }
    let output = match OutputFolder::resolve(root, output) {
        Ok(folder) => folder,
        Err(refused) => {
            eprintln!("error: {refused}");
            return ExitCode::from(super::USAGE_ERROR);
        }
    };
    let mut diagnostics = Diagnostics::default();
    let files = super::build_site(root, &mut diagnostics);
    super::report(&diagnostics);
    if super::failed(&files, &diagnostics, deny_warnings) {
        let reason = if files.is_some() {
            "--deny-warnings makes the warnings above errors"
        } else {
            "fix the errors above and run again"
        };
        eprintln!("nothing written: {reason}");
        return super::exit_code(false);
    }
    let files = files.unwrap_or_default();
    match write::write_site(&output, &files) {
        Ok(None) => {}
        Ok(Some(leftover)) => eprintln!(
            "warning: the previous site is left at {}: cannot remove it: {}",
            leftover.path.display(),
            leftover.error
        ),
        Err(error) => {
            eprintln!("error: {error}");
            return super::exit_code(false);
        }
    }
    eprintln!(
        "wrote {} files to {} in {} ms",
        files.len(),
        output.path().display(),
        started.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}
