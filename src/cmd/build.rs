//! `jaring build`: render the site and replace the output folder with it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::diag::Diagnostics;
use crate::write;

pub fn run(root: &Path, output: &Path, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    if let Err(problem) = check_output_folder(root, output) {
        eprintln!("error: {problem}");
        return ExitCode::from(super::USAGE_ERROR);
    }
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

/// Refuses an output folder whose replacement would destroy the site itself:
/// its root, its input folders or anything inside them, or a folder holding
/// the site.
fn check_output_folder(root: &Path, output: &Path) -> Result<(), String> {
    let root = absolute(root)?;
    let output = absolute(output)?;
    let protected = ["data", "content", "templates"].map(|name| root.join(name));
    if output == root || root.starts_with(&output) {
        return Err(format!(
            "--output {} would replace the site itself; choose a folder inside it, such as {}",
            output.display(),
            root.join("output").display()
        ));
    }
    if let Some(folder) = protected.iter().find(|folder| output.starts_with(folder)) {
        return Err(format!(
            "--output {} is inside the site's input folder {}; choose another folder",
            output.display(),
            folder.display()
        ));
    }
    Ok(())
}

/// The absolute form of a path with `.` and `..` resolved, following links
/// as far as the path exists.
fn absolute(path: &Path) -> Result<PathBuf, String> {
    let absolute =
        std::path::absolute(path).map_err(|e| format!("cannot resolve {}: {e}", path.display()))?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        let Some(parent) = existing.parent() else {
            break;
        };
        rest.push(existing.file_name().map(PathBuf::from).unwrap_or_default());
        existing = parent;
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for part in rest.iter().rev() {
        match part.to_str() {
            Some("..") => {
                resolved.pop();
            }
            Some(".") => {}
            _ => resolved.push(part),
        }
    }
    Ok(resolved)
}
