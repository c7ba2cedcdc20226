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
    // The pages and charts are written beside the output while the PDF
    // reports are typeset; a build that fails after all drops them.
    let mut staged = None;
    let files = super::build_site(root, overrides, &mut diagnostics, |files| {
        staged = Some(write::Staging::begin(&output).and_then(|mut staging| {
            staging.write(files)?;
            Ok(staging)
        }));
    });
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
    let written = match staged {
        Some(staging) => staging?.finish(&files)?,
        None => write::write_site(&output, &files)?,
    };
    if let Some(leftover) = written {
        crate::cmd::say!(
            "warning: the previous site is left at {}: cannot remove it: {}",
            leftover.path.display(),
            leftover.error
        );
    }
    crate::cmd::say!(
        "wrote {} files to {} in {} ms",
        files.len(),
        output.path().display(),
        started.elapsed().as_millis()
    );
    Ok(())
}
