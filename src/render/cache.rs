//! Images and PDFs kept between builds. Typesetting the two PDF reports and
//! drawing the PNG charts take most of a small site's build; when nothing
//! they are made from has changed (the usual case when only a page's text or
//! a template changed), the bytes made last time are used again.
//!
//! An entry is named by a SHA-256 of everything its bytes depend on: what
//! the caller passes (the Typst source and charts, or the chart's SVG and
//! scale) and the jaring executable itself (its size and modification
//! time, so a rebuilt jaring never reuses what an older one drew). Entries
//! carry a SHA-256 of their bytes and are written atomically; one that does
//! not match is made again. The same input therefore gives the same bytes
//! with or without the cache.
//!
//! The folder is `$JARING_CACHE_DIR`, else `$XDG_CACHE_HOME/jaring`, else
//! `$HOME/.cache/jaring`; `JARING_CACHE_DIR=` (empty) turns the cache off.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub struct Cache {
    dir: Option<PathBuf>,
    /// Names the jaring that made an entry.
    executable: Vec<u8>,
}

impl Cache {
    /// The cache the environment asks for.
    pub fn from_env() -> Cache {
        let dir = match std::env::var_os("JARING_CACHE_DIR") {
            Some(dir) if dir.is_empty() => None,
            Some(dir) => Some(PathBuf::from(dir)),
            None => std::env::var_os("XDG_CACHE_HOME")
                .filter(|dir| !dir.is_empty())
                .map(|dir| PathBuf::from(dir).join("jaring"))
                .or_else(|| {
                    std::env::var_os("HOME")
                        .filter(|home| !home.is_empty())
                        .map(|home| PathBuf::from(home).join(".cache/jaring"))
                }),
        };
        let executable = std::env::current_exe()
            .and_then(fs::metadata)
            .map(|meta| format!("{}|{:?}", meta.len(), meta.modified().ok()).into_bytes())
            .unwrap_or_default();
        Cache::in_dir(dir, executable)
    }

    /// A cache in `dir` (None: no cache) for the jaring named by `executable`.
    pub fn in_dir(dir: Option<PathBuf>, executable: Vec<u8>) -> Cache {
        // Without knowing which jaring this is, an entry could outlive a change
        // in how it is drawn.
        let dir = dir.filter(|_| !executable.is_empty());
        Cache { dir, executable }
    }

    /// The bytes `make` gives for `inputs`, from the cache when it has them.
    /// Failures are not kept. A cache that cannot be read or written only
    /// costs the time to make the bytes again.
    pub fn get_or_make<E>(
        &self,
        kind: &str,
        inputs: &[&[u8]],
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Vec<u8>, E> {
        let Some(dir) = &self.dir else {
            return make();
        };
        let path = dir.join(kind).join(self.key(kind, inputs));
        if let Some(bytes) = read_entry(&path) {
            return Ok(bytes);
        }
        let bytes = make()?;
        write_entry(&path, &bytes);
        Ok(bytes)
    }

    fn key(&self, kind: &str, inputs: &[&[u8]]) -> String {
        let mut hasher = Sha256::new();
        for part in [
            env!("CARGO_PKG_VERSION").as_bytes(),
            &self.executable,
            kind.as_bytes(),
        ]
        .into_iter()
        .chain(inputs.iter().copied())
        {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hex(&hasher.finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// An entry is the SHA-256 of its bytes, then the bytes.
fn read_entry(path: &Path) -> Option<Vec<u8>> {
    let mut entry = fs::read(path).ok()?;
    if entry.len() < 32 {
        return None;
    }
    let bytes = entry.split_off(32);
    (Sha256::digest(&bytes).as_slice() == entry.as_slice()).then_some(bytes)
}

fn write_entry(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if fs::create_dir_all(dir).is_err() {
        return;
    }
    let mut entry = Sha256::digest(bytes).to_vec();
    entry.extend_from_slice(bytes);
    // Another build may write the same entry at the same time: each writes
    // its own file and renames it into place, so a reader sees all or nothing.
    let temporary = path.with_extension(format!("{}.tmp", std::process::id()));
    if fs::write(&temporary, entry).is_err() || fs::rename(&temporary, path).is_err() {
        let _ = fs::remove_file(&temporary);
    }
    prune(dir);
}

/// Entries a kind may hold: a site's charts and reports many times over.
const KEPT_ENTRIES: usize = 256;

/// When a kind's folder holds more than [`KEPT_ENTRIES`], removes the oldest
/// down to half of them, so that a full folder is not listed and pruned again
/// at every write: every change of the data or of jaring leaves entries
/// nobody asks for again.
fn prune(dir: &Path) {
    let Ok(listing) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = listing
        .flatten()
        .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
        .collect();
    if entries.len() <= KEPT_ENTRIES {
        return;
    }
    entries.sort();
    for (_, path) in &entries[..entries.len() - KEPT_ENTRIES / 2] {
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_reused_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_dir(Some(dir.path().to_path_buf()), b"jaring 1".to_vec());
        let make = |bytes: &'static [u8]| move || Ok::<_, ()>(bytes.to_vec());
        assert_eq!(
            cache.get_or_make("pdf", &[b"a"], make(b"first")),
            Ok(b"first".to_vec())
        );
        assert_eq!(
            cache.get_or_make("pdf", &[b"a"], make(b"other")),
            Ok(b"first".to_vec())
        );
        assert_eq!(
            cache.get_or_make("pdf", &[b"b"], make(b"other")),
            Ok(b"other".to_vec())
        );
        // Inputs are told apart by their lengths, not only their bytes.
        assert_eq!(
            cache.get_or_make("pdf", &[b"a", b"b"], make(b"split")),
            Ok(b"split".to_vec())
        );
        assert_eq!(
            cache.get_or_make("pdf", &[b"ab"], make(b"whole")),
            Ok(b"whole".to_vec())
        );
        assert_eq!(
            cache.get_or_make("pdf", &[b"x"], || Err::<Vec<u8>, _>("failed")),
            Err("failed")
        );
        assert_eq!(
            cache.get_or_make("pdf", &[b"x"], make(b"made")),
            Ok(b"made".to_vec())
        );

        for entry in walkdir::WalkDir::new(dir.path()).into_iter().flatten() {
            if entry.file_type().is_file() {
                let mut bytes = fs::read(entry.path()).unwrap();
                let last = bytes.len() - 1;
                bytes[last] ^= 1;
                fs::write(entry.path(), bytes).unwrap();
            }
        }
        assert_eq!(
            cache.get_or_make("pdf", &[b"a"], make(b"again")),
            Ok(b"again".to_vec())
        );

        let rebuilt = Cache::in_dir(Some(dir.path().to_path_buf()), b"jaring 2".to_vec());
        assert_eq!(
            rebuilt.get_or_make("pdf", &[b"a"], make(b"new")),
            Ok(b"new".to_vec())
        );
        let off = Cache::in_dir(None, b"jaring 1".to_vec());
        assert_eq!(
            off.get_or_make("pdf", &[b"a"], make(b"none")),
            Ok(b"none".to_vec())
        );
    }

    #[test]
    fn a_full_kind_is_pruned_to_half() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_dir(Some(dir.path().to_path_buf()), b"jaring 1".to_vec());
        let entries = || fs::read_dir(dir.path().join("png")).unwrap().count();
        for n in 0..KEPT_ENTRIES {
            let input = n.to_string();
            cache
                .get_or_make("png", &[input.as_bytes()], || Ok::<_, ()>(vec![1]))
                .unwrap();
        }
        assert_eq!(entries(), KEPT_ENTRIES);
        cache
            .get_or_make("png", &[b"one more"], || Ok::<_, ()>(vec![1]))
            .unwrap();
        // Which half stays goes by modification time, too coarse to test here.
        assert_eq!(entries(), KEPT_ENTRIES / 2);
    }
}
