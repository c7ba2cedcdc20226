//! What the preview serves, shared by the threads that answer requests, the
//! one that builds and the one that typesets: the last site that built, in
//! memory, its PDF reports as they are typeset, and the problems of the
//! last build when it failed.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::render::OutputFile;

/// A file's bytes, shared with the requests that are sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bytes(Arc<Vec<u8>>);

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes(Arc::new(bytes))
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A PDF report of the site served.
#[derive(Debug, Clone)]
enum Report {
    Typesetting,
    Ready(Bytes),
    Failed(String),
}

/// What a request for a path finds.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    File(Bytes),
    /// A PDF report that could not be typeset, and why.
    Unavailable(String),
    /// The site did not build, ever: only its problems can be shown.
    NoSite(String),
    Missing,
}

#[derive(Default)]
struct State {
    /// Counts the sites built; a report belongs to one of them.
    generation: u64,
    files: HashMap<String, Bytes>,
    reports: HashMap<String, Report>,
    /// The problems of the last build when it failed, as printed.
    problems: Option<String>,
}

#[derive(Default)]
pub struct Served {
    state: Mutex<State>,
    /// Woken when a report is typeset.
    typeset: Condvar,
}

/// How long a request for a report waits for the typesetter before it is
/// told to come back: far longer than any report takes.
const REPORT_WAIT: Duration = Duration::from_secs(120);

impl Served {
    fn state(&self) -> MutexGuard<'_, State> {
        // A thread that panicked while holding the lock left whole values:
        // every change below is one assignment.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Serves a newly built site from now on, its reports to come (by their
    /// paths); returns its generation, which the typesetter names them by.
    pub fn publish(&self, files: Vec<OutputFile>, reports: Vec<String>) -> u64 {
        let files: HashMap<String, Bytes> = files
            .into_iter()
            .map(|file| (file.path, Bytes::from(file.bytes)))
            .collect();
        let mut state = self.state();
        state.generation += 1;
        state.files = files;
        state.reports = reports
            .into_iter()
            .map(|path| (path, Report::Typesetting))
            .collect();
        state.problems = None;
        self.typeset.notify_all();
        state.generation
    }

    /// The last build failed with `problems`; the site before it stays.
    pub fn fail(&self, problems: String) {
        self.state().problems = Some(problems);
    }

    /// A report of the site of `generation`, typeset or not; forgotten when
    /// a newer site is served already. Whether it was that site's.
    pub fn add_report(&self, generation: u64, path: String, pdf: Result<Vec<u8>, String>) -> bool {
        let mut state = self.state();
        let current = state.generation == generation;
        if current {
            let report = match pdf {
                Ok(bytes) => Report::Ready(Bytes::from(bytes)),
                Err(problem) => Report::Failed(problem),
            };
            state.reports.insert(path, report);
            self.typeset.notify_all();
        }
        current
    }

    /// The problems of the last build when it failed.
    pub fn problems(&self) -> Option<String> {
        self.state().problems.clone()
    }

    /// The file at `path` of the site served; a report still being typeset
    /// is waited for.
    pub fn find(&self, path: &str) -> Found {
        let state = self.state();
        let (state, _) = self
            .typeset
            .wait_timeout_while(state, REPORT_WAIT, |state| {
                matches!(state.reports.get(path), Some(Report::Typesetting))
            })
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match (state.files.get(path), state.reports.get(path)) {
            (Some(bytes), _) | (None, Some(Report::Ready(bytes))) => Found::File(bytes.clone()),
            (None, Some(Report::Failed(problem))) => Found::Unavailable(problem.clone()),
            (None, Some(Report::Typesetting)) => {
                Found::Unavailable("the report is still being typeset: reload in a moment".into())
            }
            (None, None) if state.generation == 0 => {
                Found::NoSite(state.problems.clone().unwrap_or_default())
            }
            (None, None) => Found::Missing,
        }
    }

    /// Whether the site served has a file at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.state().files.contains_key(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(text: &str) -> Found {
        Found::File(Bytes::from(text.as_bytes().to_vec()))
    }

    #[test]
    fn a_failed_build_keeps_the_last_site_and_a_report_waits_for_its_typesetting() {
        let served = Arc::new(Served::default());
        served.fail("site.toml:1:1: error: broken".into());
        assert_eq!(
            served.find("index.html"),
            Found::NoSite("site.toml:1:1: error: broken".into())
        );

        let first = served.publish(
            vec![OutputFile::text("index.html", "1")],
            vec!["laporan.pdf".into()],
        );
        assert_eq!(served.problems(), None);
        let waiting = {
            let served = served.clone();
            std::thread::spawn(move || served.find("laporan.pdf"))
        };
        served.add_report(first, "laporan.pdf".into(), Ok(b"%PDF".to_vec()));
        assert_eq!(waiting.join().unwrap(), bytes("%PDF"));

        served.fail("data/members.csv:3:12: error: unknown sector".into());
        assert_eq!(served.find("index.html"), bytes("1"));
        assert!(served.problems().unwrap().contains("unknown sector"));

        let second = served.publish(
            vec![OutputFile::text("index.html", "2")],
            vec!["laporan.pdf".into()],
        );
        served.add_report(first, "laporan.pdf".into(), Ok(b"old".to_vec()));
        served.add_report(
            second,
            "laporan.pdf".into(),
            Err("laporan.typ:3: bad".into()),
        );
        assert_eq!(
            served.find("laporan.pdf"),
            Found::Unavailable("laporan.typ:3: bad".into())
        );
        assert_eq!(served.find("index.html"), bytes("2"));
        assert_eq!(served.find("nowhere.html"), Found::Missing);
        assert!(served.has("index.html"));
    }
}
