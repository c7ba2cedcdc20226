//! `jaring build`: render the site and replace the output folder with it.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::diag::Diagnostics;
use crate::write;

pub fn run(root: &Path, output: &Path) -> ExitCode {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let files = super::build_site(root, &mut diagnostics);
    super::report(&diagnostics);
    let Some(files) = files else {
        eprintln!("nothing written: fix the errors above and run again");
        return super::exit_code(false);
    };
    if let Err(error) = write::write_site(output, &files) {
        eprintln!("error: {error}");
        return super::exit_code(false);
    }
    eprintln!(
        "wrote {} files to {} in {} ms",
        files.len(),
        output.display(),
        started.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}
