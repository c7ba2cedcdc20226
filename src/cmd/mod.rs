//! The commands of the `jaring` binary. Each is thin: it runs the pipeline
//! (load -> model -> render), then writes, and returns a [`CommandError`]
//! when it stops short; `main` prints that and exits with its status.
//!
//! The top of the pipeline: may import every stage; nothing imports it.

pub mod build;
pub mod check;
pub mod init;
pub mod release;
pub mod serve;
pub mod template;

use std::io::IsTerminal;
use std::path::Path;

use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::render::OutputFile;
use crate::write::{OutputRefused, WriteError};
use crate::{load, model, render};

/// `eprintln!` that gives up quietly when nobody reads the messages any
/// more (`jaring build 2>&1 | head -1`), instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

/// Exit status when the input is invalid or the output cannot be written
/// (the contract's 1).
pub const INVALID_INPUT: u8 = 1;
/// Exit status for a command that cannot run as asked (the contract's 2).
pub const USAGE_ERROR: u8 = 2;

/// Why a command stopped short; each kind has its exit status.
#[derive(Debug)]
pub enum CommandError {
    /// The command cannot run as asked: a `--root` holding no site, a
    /// refused `--output`, a port in use, an `init` folder that is not
    /// empty. The user changes the command, not the site.
    Usage {
        problem: String,
        hint: Option<&'static str>,
    },
    /// The site's input is invalid. Its problems are printed already, as
    /// diagnostics; `note` says, when needed, what that meant for the run.
    InvalidInput { note: Option<&'static str> },
    /// What the command made cannot be written.
    Unwritable(String),
}

impl CommandError {
    pub fn usage(problem: impl Into<String>) -> Self {
        CommandError::Usage {
            problem: problem.into(),
            hint: None,
        }
    }

    pub fn exit_status(&self) -> u8 {
        match self {
            CommandError::Usage { .. } => USAGE_ERROR,
            CommandError::InvalidInput { .. } | CommandError::Unwritable(_) => INVALID_INPUT,
        }
    }

    /// What is left to tell the user, as printed on standard error.
    pub fn message(&self) -> Option<String> {
        match self {
            CommandError::Usage { problem, hint } => Some(match hint {
                Some(hint) => format!("error: {problem}\n  hint: {hint}"),
                None => format!("error: {problem}"),
            }),
            CommandError::InvalidInput { note } => note.map(str::to_string),
            CommandError::Unwritable(problem) => Some(format!("error: {problem}")),
        }
    }
}

impl From<OutputRefused> for CommandError {
    fn from(refused: OutputRefused) -> Self {
        CommandError::usage(refused.to_string())
    }
}

impl From<WriteError> for CommandError {
    fn from(error: WriteError) -> Self {
        CommandError::Unwritable(error.to_string())
    }
}

/// Refuses a `--root` that holds no site (a usage error: the site's files
/// are not each missing, the folder is the wrong one).
pub fn check_site_folder(root: &Path) -> Result<(), CommandError> {
    let problem = match std::fs::metadata(root) {
        Ok(metadata) if metadata.is_dir() => {
            if root.join(load::config::SITE_FILE).exists() {
                return Ok(());
            }
            format!(
                "no site here: {} has no {}",
                root.display(),
                load::config::SITE_FILE
            )
        }
        Ok(_) => format!("no site here: {} is a file, not a folder", root.display()),
        Err(error) => format!("no site here: {}: {error}", root.display()),
    };
    Err(CommandError::Usage {
        problem,
        hint: Some(
            "give --root the folder holding site.toml, or create a site with `jaring init DIR`",
        ),
    })
}

/// Runs load, model and render for the site at `root`: every output file in
/// memory, or None with the reasons in `diagnostics`. Data that differ from
/// the recorded release of the same as_of are a warning. `meanwhile` gets
/// the files but the PDF reports while those are typeset (see
/// [`render::render_overlapping`]).
pub fn build_site(
    root: &Path,
    overrides: &load::Overrides,
    diagnostics: &mut Diagnostics,
    meanwhile: impl FnOnce(&[OutputFile]),
) -> Option<Vec<OutputFile>> {
    let built = build_site_with_releases(root, overrides, diagnostics, meanwhile)?;
    if let Some(warning) = release::unrecorded_change(&built) {
        diagnostics.push(warning);
    }
    Some(built.files)
}

/// A built site with what a release records beside its files: the program
/// (a release is named by its as_of and records its period) and the
/// releases already recorded.
pub struct BuiltSite {
    pub program: load::Program,
    /// The `[privacy] min_cell` its tables were suppressed under.
    pub min_cell: u64,
    pub releases: Vec<load::releases::RecordedRelease>,
    pub files: Vec<OutputFile>,
}

/// [`build_site`] without comparing the data with the recorded releases:
/// the `release` command decides what a difference means itself.
pub fn build_site_with_releases(
    root: &Path,
    overrides: &load::Overrides,
    diagnostics: &mut Diagnostics,
    meanwhile: impl FnOnce(&[OutputFile]),
) -> Option<BuiltSite> {
    let modelled = load_model(root, overrides, diagnostics)?;
    let cache = render::cache::Cache::from_env();
    let files =
        render::render_overlapping(&modelled.render_inputs(&cache), diagnostics, meanwhile)?;
    Some(BuiltSite {
        program: modelled.site.program,
        min_cell: modelled.site.config.min_cell,
        releases: modelled.site.releases,
        files,
    })
}

/// The first half of a build, everything before render: the site read and
/// checked, the date it is built on, and its model. `serve` keeps it to
/// render again when only the site's text changed.
pub struct ModelledSite {
    pub site: load::Site,
    pub model: model::Model,
    pub built_on: Date,
}

impl ModelledSite {
    /// What render makes the site from.
    pub fn render_inputs<'a>(
        &'a self,
        cache: &'a render::cache::Cache,
    ) -> render::RenderInputs<'a> {
        render::RenderInputs {
            model: &self.model,
            content: &self.site.pages,
            site_templates: &self.site.templates,
            releases: &self.site.releases,
            built_on: self.built_on,
            cache,
        }
    }
}

/// Loads the site at `root` and builds its model; the model's quality
/// warnings go to `diagnostics`. None when the input has errors, a
/// recorded release's small cells among them.
pub fn load_model(
    root: &Path,
    overrides: &load::Overrides,
    diagnostics: &mut Diagnostics,
) -> Option<ModelledSite> {
    let site = load::load_site_with(root, overrides, diagnostics)?;
    let small_cells = model::release_privacy::small_cells(&site.releases);
    let refused = !small_cells.is_empty();
    for error in small_cells {
        diagnostics.push(error);
    }
    if refused {
        return None;
    }
    let built_on = build_date(&site.program, diagnostics)?;
    let model = model::build(&site);
    for warning in &model.quality.warnings {
        diagnostics.push(warning.diagnostic(&site.tables));
    }
    Some(ModelledSite {
        site,
        model,
        built_on,
    })
}

/// SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
/// convention): None when unset, its text when it is not a number.
pub fn source_date_epoch() -> Option<Result<i64, String>> {
    let value = std::env::var_os("SOURCE_DATE_EPOCH")?;
    let text = value.to_string_lossy();
    Some(text.trim().parse::<i64>().map_err(|_| text.to_string()))
}

/// The build date the site shows: from SOURCE_DATE_EPOCH when set, else the
/// data's as_of; never the clock, so the same input gives the same bytes.
fn build_date(program: &load::Program, diagnostics: &mut Diagnostics) -> Option<Date> {
    let text = match source_date_epoch() {
        None => return Some(program.as_of),
        Some(Ok(seconds)) => match Date::from_days_since_epoch(seconds.div_euclid(86_400)) {
            Some(date) => return Some(date),
            None => seconds.to_string(),
        },
        Some(Err(text)) => text,
    };
    diagnostics.push(not_seconds_since_1970(&text));
    None
}

fn not_seconds_since_1970(text: &str) -> Diagnostic {
    Diagnostic::error(
        Place::env_var("SOURCE_DATE_EPOCH"),
        format!("'{text}' is not a number of seconds since 1970"),
    )
    .with_hint("set it to e.g. $(git log -1 --format=%ct), or unset it to date the site by as_of")
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
    // Quietly, as `say!`, when nobody reads the messages any more.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        report_text(diagnostics, styled).as_bytes(),
    );
}

/// What [`report`] prints: the diagnostics, sorted, each on its own lines
/// (at most a thousand a file), then a summary line when there were any.
pub fn report_text(diagnostics: &Diagnostics, styled: bool) -> String {
    let mut text = String::new();
    for diagnostic in diagnostics.shown() {
        text.push_str(&diagnostic.render(styled));
        text.push('\n');
    }
    if !diagnostics.is_empty() {
        text.push_str(&diagnostics.summary());
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_command_error_has_its_exit_status_and_text() {
        let port = CommandError::Usage {
            problem: "cannot listen on 127.0.0.1:8000".into(),
            hint: Some("choose another with --port"),
        };
        assert_eq!(port.exit_status(), USAGE_ERROR);
        assert_eq!(
            port.message().unwrap(),
            "error: cannot listen on 127.0.0.1:8000\n  hint: choose another with --port"
        );
        let unwritable = CommandError::from(WriteError::NotJaringOutput("out".into()));
        assert_eq!(unwritable.exit_status(), INVALID_INPUT);
        assert!(
            unwritable
                .message()
                .unwrap()
                .starts_with("error: out is not empty")
        );
        let invalid = CommandError::InvalidInput { note: None };
        assert_eq!(invalid.exit_status(), INVALID_INPUT);
        assert_eq!(invalid.message(), None, "the diagnostics said it all");
    }
}
