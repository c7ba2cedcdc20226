//! The commands of the `jaring` binary. Each is thin: it runs the pipeline
//! (load -> model -> render) and decides what to do with the result.

pub mod build;
pub mod check;
pub mod init;
pub mod serve;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::render::OutputFile;
use crate::{load, model, render};

/// Exit status when the input is invalid (the contract's 1).
pub const INVALID_INPUT: u8 = 1;
/// Exit status for a command that cannot run as asked (the contract's 2).
pub const USAGE_ERROR: u8 = 2;

/// Refuses a `--root` that holds no site (a usage error: the site's files
/// are not each missing, the folder is the wrong one).
pub fn check_site_folder(root: &Path) -> Result<(), String> {
    let hint = "give --root the folder holding site.toml, or create a site with `jaring init DIR`";
    match std::fs::metadata(root) {
        Ok(metadata) if metadata.is_dir() => {
            if root.join(load::config::SITE_FILE).exists() {
                Ok(())
            } else {
                Err(format!(
                    "no site here: {} has no {}\n  hint: {hint}",
                    root.display(),
                    load::config::SITE_FILE
                ))
            }
        }
        Ok(_) => Err(format!(
            "no site here: {} is a file, not a folder\n  hint: {hint}",
            root.display()
        )),
        Err(error) => Err(format!(
            "no site here: {}: {error}\n  hint: {hint}",
            root.display()
        )),
    }
}

/// Runs load, model and render for the site at `root`: every output file in
/// memory, or None with the reasons in `diagnostics`.
pub fn build_site(root: &Path, diagnostics: &mut Diagnostics) -> Option<Vec<OutputFile>> {
    let site = load::load_site(root, diagnostics)?;
    let built_on = build_date(&site.program, diagnostics)?;
    let model = model::build(&site);
    for warning in &model.warnings {
        diagnostics.push(warning.diagnostic());
    }
    let cache = render::cache::Cache::from_env();
    render::render(
        &model,
        &site.pages,
        &site.templates,
        built_on,
        &cache,
        diagnostics,
    )
}

/// The build date the site shows: from SOURCE_DATE_EPOCH (seconds since
/// 1970, the reproducible-builds convention) when set, else the data's
/// as_of; never the clock, so the same input gives the same bytes.
fn build_date(program: &load::Program, diagnostics: &mut Diagnostics) -> Option<Date> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Some(program.as_of);
    };
    let text = value.to_string_lossy();
    let date = text
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|seconds| Date::from_days_since_epoch(seconds.div_euclid(86_400)));
    if date.is_none() {
        diagnostics.push(
            Diagnostic::error(
                Place::env_var("SOURCE_DATE_EPOCH"),
                format!("'{text}' is not a number of seconds since 1970"),
            )
            .with_hint(
                "set it to e.g. $(git log -1 --format=%ct), or unset it to date the site by as_of",
            ),
        );
    }
    date
}

/// Whether the run must fail: on errors, or on warnings when `deny_warnings`.
pub fn failed(
    files: &Option<Vec<OutputFile>>,
    diagnostics: &Diagnostics,
    deny_warnings: bool,
) -> bool {
    files.is_none() || (deny_warnings && diagnostics.warning_count() > 0)
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
