//! The commands of the `jaring` binary. Each is thin: it runs the pipeline
//! (load -> model -> render) and decides what to do with the result.

pub mod build;
pub mod check;
pub mod init;
pub mod serve;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crate::diag::Diagnostics;
use crate::render::OutputFile;
use crate::{load, model, render};

/// Exit status when the input is invalid (the contract's 1).
pub const INVALID_INPUT: u8 = 1;
/// Exit status for a command that cannot run as asked (the contract's 2).
pub const USAGE_ERROR: u8 = 2;

/// Runs load, model and render for the site at `root`: every output file in
/// memory, or None with the reasons in `diagnostics`.
pub fn build_site(root: &Path, diagnostics: &mut Diagnostics) -> Option<Vec<OutputFile>> {
    let site = load::load_site(root, diagnostics)?;
    let model = model::build(&site);
    for warning in &model.warnings {
        diagnostics.push(warning.diagnostic());
    }
    render::render(&model, &site.pages, &site.templates, diagnostics)
}

/// Prints every diagnostic, sorted, then a summary line when there were any.
/// Colour only on a terminal, and never when NO_COLOR is set.
pub fn report(diagnostics: &Diagnostics) {
    let styled = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    for diagnostic in diagnostics.sorted() {
        eprintln!("{}", diagnostic.render(styled));
    }
    if !diagnostics.is_empty() {
        eprintln!("{}", diagnostics.summary());
    }
}

pub fn exit_code(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(INVALID_INPUT)
    }
}
