//! Watching the site's input for changes: the operating system's file
//! events (inotify on Linux, through `notify`), debounced so that an editor's
//! save (a temporary file, a rename, several writes) or a large file written
//! for a while is one change once it is over, and sorted by what they make
//! the preview do again.
//!
//! The debouncing is the quiet period below, over notify's own events:
//! notify's debouncer crates pass on the events of files being opened and
//! read (every build reads the site) or time each event alone, so that a
//! file still being written would be built half-written.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

use crate::load::config::SITE_FILE;
use crate::load::{INPUT_FOLDERS, RELEASES_FOLDER};

/// How long a file must be quiet before its change counts: an editor's
/// save is over by then, and it is a small part of the time from a save to
/// the reloaded page.
const QUIET: Duration = Duration::from_millis(20);

/// What a change makes the preview do again; a later kind includes the
/// earlier ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A content page or a template: render again from the kept model.
    Text,
    /// `site.toml`, `data/` or `releases/`: load the site again and build
    /// its model, then render.
    Input,
}

/// The folders whose files are the site's text.
const TEXT_FOLDERS: [&str; 2] = ["content", "templates"];

/// The kind of change a file event at `path` is, or None for a file the
/// site does not read (the output, an editor's backup or swap file).
pub fn change_of(root: &Path, path: &Path) -> Option<Change> {
    let relative = path.strip_prefix(root).ok()?;
    let mut components = relative.components();
    let first = components.next()?.as_os_str().to_str()?;
    let name = relative.file_name()?.to_str()?;
    if name.starts_with('.') || name.ends_with('~') {
        return None;
    }
    if TEXT_FOLDERS.contains(&first) {
        Some(Change::Text)
    } else if first == SITE_FILE && components.next().is_none()
        || INPUT_FOLDERS.contains(&first)
        || first == RELEASES_FOLDER
    {
        Some(Change::Input)
    } else {
        None
    }
}

/// The file events of a site, as changes.
pub struct SiteWatcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    /// Every event but a file being opened, read or closed.
    events: Receiver<notify::Result<Event>>,
}

impl SiteWatcher {
    /// Watches `root` itself (for `site.toml`, and folders made later) and
    /// each folder the site reads, never the rest (an output folder, a
    /// `target/` of many thousand files).
    pub fn new(root: &Path) -> notify::Result<SiteWatcher> {
        let root = root.canonicalize()?;
        let (send, events) = std::sync::mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            if !event.as_ref().is_ok_and(|event| event.kind.is_access()) {
                // Fails only once the watcher is dropped.
                let _ = send.send(event);
            }
        })?;
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        let mut site_watcher = SiteWatcher {
            root,
            watcher,
            events,
        };
        for folder in INPUT_FOLDERS.iter().chain([&RELEASES_FOLDER]) {
            site_watcher.watch_folder(folder);
        }
        Ok(site_watcher)
    }

    /// Watches one of the site's folders; one that does not exist yet is
    /// watched once it is made (its creation is an event of the root).
    fn watch_folder(&mut self, folder: &str) {
        let path = self.root.join(folder);
        if path.is_dir() {
            let _ = self.watcher.watch(&path, RecursiveMode::Recursive);
        }
    }

    /// Waits for the next change to the site's files and for [`QUIET`]
    /// after the last of the changes that follow it: the largest kind.
    /// None when the watcher stopped.
    pub fn next_change(&mut self) -> Option<Change> {
        let mut change = None;
        loop {
            let event = match change {
                None => self.events.recv().ok()?,
                Some(change) => match self.events.recv_timeout(QUIET) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => return Some(change),
                    Err(RecvTimeoutError::Disconnected) => return None,
                },
            };
            let found = match event {
                Ok(event) => event
                    .paths
                    .iter()
                    .filter_map(|path| self.change_at(path))
                    .max(),
                // Events were lost: anything may have changed.
                Err(_) => Some(Change::Input),
            };
            change = change.max(found);
        }
    }

    fn change_at(&mut self, path: &Path) -> Option<Change> {
        let change = change_of(&self.root, path)?;
        if path.parent() == Some(self.root.as_path())
            && let Some(folder) = path.file_name().and_then(|name| name.to_str())
        {
            self.watch_folder(folder);
        }
        Some(change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_by_what_they_make_the_preview_do() {
        let root = Path::new("/site");
        let change = |path: &str| change_of(root, &root.join(path));
        assert_eq!(change("content/metodologi.md"), Some(Change::Text));
        assert_eq!(change("templates/base.html"), Some(Change::Text));
        assert_eq!(change("templates"), Some(Change::Text));
        assert_eq!(change("site.toml"), Some(Change::Input));
        assert_eq!(change("data/members.csv"), Some(Change::Input));
        assert_eq!(
            change("releases/2026-10-31/release.toml"),
            Some(Change::Input)
        );
        assert_eq!(change("output/index.html"), None);
        assert_eq!(change("target/debug/jaring"), None);
        assert_eq!(change("content/.metodologi.md.swp"), None);
        assert_eq!(change("content/metodologi.md~"), None);
        assert_eq!(change(".site.toml.swp"), None);
        assert_eq!(change_of(root, Path::new("/elsewhere/site.toml")), None);
    }
}
