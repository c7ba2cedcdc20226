//! `jaring check`: everything `build` checks, writing nothing.

use std::path::Path;

use super::CommandError;
use crate::diag::Diagnostics;

pub fn run(root: &Path, deny_warnings: bool) -> Result<(), CommandError> {
    super::check_site_folder(root)?;
    let mut diagnostics = Diagnostics::default();
    let files = super::build_site(root, &Default::default(), &mut diagnostics, |_| {});
    super::report(&diagnostics);
    if super::failed(&files, &diagnostics, deny_warnings) {
        let note = files
            .is_some()
            .then_some("--deny-warnings makes the warnings above errors");
        return Err(CommandError::InvalidInput { note });
    }
    crate::cmd::say!("ok: the site builds");
    Ok(())
}
