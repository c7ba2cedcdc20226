//! The PDF reports, typeset on a thread of their own after the pages are
//! served: the slowest files of a site keep no page waiting. The build
//! cache gives back a report whose inputs did not change at once.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use super::live::{Event, Listeners};
use super::served::Served;
use crate::cmd::{report, report_text};
use crate::diag::Diagnostics;
use crate::render::OutputFile;
use crate::render::cache::Cache;
use crate::render::pdf::{self, ReportJob};

/// The reports of one site served, by its generation.
pub struct Reports {
    pub generation: u64,
    pub jobs: Vec<ReportJob>,
}

/// Starts the typesetting thread; it stops when the sender is dropped.
pub fn start(served: Arc<Served>, listeners: Arc<Listeners>) -> Sender<Reports> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || typeset_each(&receive, &served, &listeners));
    send
}

fn typeset_each(receive: &Receiver<Reports>, served: &Served, listeners: &Listeners) {
    let cache = Cache::from_env();
    while let Ok(mut reports) = receive.recv() {
        // Only the newest site's reports are wanted.
        while let Ok(newer) = receive.try_recv() {
            reports = newer;
        }
        for job in reports.jobs {
            let path = job.path().to_string();
            // Freed after each report: the preview waits for the next change
            // with nothing of Typst's layouts held.
            let typeset = catch_unwind(AssertUnwindSafe(|| {
                job.typeset(&cache, pdf::Layouts::Freed)
            }));
            let mut pdfs = Vec::new();
            let mut diagnostics = Diagnostics::default();
            pdf::add_reports(
                typeset.map(|report| vec![report]),
                &mut pdfs,
                &mut diagnostics,
            );
            let pdf = match pdfs.pop() {
                Some(OutputFile { bytes, .. }) => Ok(bytes),
                None => Err(report_text(&diagnostics, false)),
            };
            let failure = pdf.as_ref().err().cloned();
            // A failure of a report of a site served no more is not news.
            if served.add_report(reports.generation, path, pdf)
                && let Some(problems) = failure
            {
                report(&diagnostics);
                served.fail(problems.clone());
                listeners.tell(&Event::Problems(problems));
            }
        }
    }
}
