//! A progress bar for reading a large input file: shown only when stderr is
//! a terminal and the file is big enough to take a noticeable time, so logs,
//! pipes, tests and CI see nothing.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Files smaller than this read in well under a second: no bar.
const SHOWN_FROM_BYTES: u64 = 64 << 20;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar counting the bytes of `file` (`total` long) read so far.
    pub fn bytes(file: &str, total: u64) -> Progress {
        let shown = total >= SHOWN_FROM_BYTES && std::io::stderr().is_terminal();
        let bar = shown.then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_prefix(format!("reading {file}"));
            bar
        });
        Progress { bar }
    }

    pub fn set(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
        }
    }

    /// Removes the bar, leaving the terminal as it was.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
