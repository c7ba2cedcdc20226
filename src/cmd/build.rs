//! `jaring build`: render the site and replace the output folder with it.

use std::path::Path;
use std::time::Instant;

use super::CommandError;
use crate::diag::Diagnostics;
use crate::load::Overrides;
use crate::write::{self, OutputFolder};

pub fn run(
    root: &Path,
    output: &Path,
    deny_warnings: bool,
    overrides: &Overrides,
) -> Result<(), CommandError> {
    let started = Instant::now();
    super::check_site_folder(root)?;
    let output = OutputFolder::resolve(root, output)?;
    let mut diagnostics = Diagnostics::default();
    let files = super::build_site(root, overrides, &mut diagnostics);
    super::report(&diagnostics);
    if super::failed(&files, &diagnostics, deny_warnings) {
        let note = if files.is_some() {
            "nothing written: --deny-warnings makes the warnings above errors"
        } else {
            "nothing written: fix the errors above and run again"
        };
        return Err(CommandError::InvalidInput { note: Some(note) });
    }
    let files = files.unwrap_or_default();
    if let Some(leftover) = write::write_site(&output, &files)? {
        eprintln!(
            "warning: the previous site is left at {}: cannot remove it: {}",
            leftover.path.display(),
            leftover.error
        );
    }
    eprintln!(
        "wrote {} files to {} in {} ms",
        files.len(),
        output.path().display(),
        started.elapsed().as_millis()
    );
    Ok(())
}
