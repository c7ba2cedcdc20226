//! Write: the one place that touches the output folder. The site is written
//! into a fresh folder beside the output and swapped in, so a failed or
//! interrupted build leaves the previous site as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::OutputFile;

/// Marks a folder as written by jaring: only such a folder may be replaced.
pub const MARKER: &str = ".jaring-output";
const MARKER_TEXT: &str =
    "This folder is written by jaring build and replaced as a whole on every build.\n";

#[derive(Debug)]
pub enum WriteError {
    /// The output folder holds files jaring did not write.
    NotJaringOutput(PathBuf),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotJaringOutput(path) => write!(
                f,
                "{} is not empty and was not written by jaring; refusing to replace it (choose another --output, or empty the folder)",
                path.display()
            ),
            WriteError::Io(path, error) => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for WriteError {}

/// Replaces `output` with exactly `files`.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    check_replaceable(output)?;
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().to_string());
    fs::create_dir_all(&parent).map_err(|e| WriteError::Io(parent.clone(), e))?;
    remove_leftovers(&parent, &name);
    let staging = parent.join(format!(".{name}.jaring-new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.jaring-old-{}", std::process::id()));
    let result = write_tree(&staging, files).and_then(|()| swap_in(&staging, output, &retired));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Removes what an interrupted build of the same output left beside it.
/// Two builds into one output folder at the same time are not supported.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefixes = [
        format!(".{name}.jaring-new-"),
        format!(".{name}.jaring-old-"),
    ];
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().to_string();
        if prefixes
            .iter()
            .any(|prefix| file_name.starts_with(prefix.as_str()))
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn check_replaceable(output: &Path) -> Result<(), WriteError> {
    match fs::read_dir(output) {
        Ok(mut entries) => {
            let empty = entries.next().is_none();
            if empty || output.join(MARKER).is_file() {
                Ok(())
            } else {
                Err(WriteError::NotJaringOutput(output.to_path_buf()))
            }
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(WriteError::Io(output.to_path_buf(), error)),
    }
}

fn write_tree(staging: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|e| WriteError::Io(staging.to_path_buf(), e))?;
    }
    fs::create_dir_all(staging).map_err(|e| WriteError::Io(staging.to_path_buf(), e))?;
    fs::write(staging.join(MARKER), MARKER_TEXT)
        .map_err(|e| WriteError::Io(staging.join(MARKER), e))?;
    for file in files {
        let path = staging.join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(|e| WriteError::Io(folder.to_path_buf(), e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| WriteError::Io(path.clone(), e))?;
    }
    Ok(())
}

/// Puts the staged site in place of the output. On Linux the two folders
/// are exchanged in one atomic step, so there is no moment without a site;
/// elsewhere (or on a file system that cannot exchange) the old folder is
/// renamed away first and restored if the second rename fails.
fn swap_in(staging: &Path, output: &Path, retired: &Path) -> Result<(), WriteError> {
    if !output.exists() {
        return fs::rename(staging, output).map_err(|e| WriteError::Io(output.to_path_buf(), e));
    }
    if exchange(staging, output).is_ok() {
        let _ = fs::remove_dir_all(staging);
        return Ok(());
    }
    fs::rename(output, retired).map_err(|e| WriteError::Io(output.to_path_buf(), e))?;
    if let Err(error) = fs::rename(staging, output) {
        let _ = fs::rename(retired, output);
        return Err(WriteError::Io(output.to_path_buf(), error));
    }
    let _ = fs::remove_dir_all(retired);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn entries(folder: &Path) -> Vec<std::ffi::OsString> {
        fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect()
    }

    #[test]
    fn replaces_a_previous_build_completely() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        write_site(&output, &[file("a.html", "1"), file("data/x.csv", "x")]).unwrap();
        write_site(&output, &[file("b.html", "2")]).unwrap();
        assert!(!output.join("a.html").exists());
        assert_eq!(fs::read_to_string(output.join("b.html")).unwrap(), "2");
        assert_eq!(entries(dir.path()), ["output"]);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site_and_no_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        write_site(&output, &[file("index.html", "old")]).unwrap();
        fs::create_dir(dir.path().join(".output.jaring-new-99999")).unwrap();
        // A file and a folder of the same name cannot both be written.
        let error = write_site(&output, &[file("a", "x"), file("a/b.html", "y")]).unwrap_err();
        assert!(matches!(error, WriteError::Io(..)));
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(entries(dir.path()), ["output"]);
    }

    #[test]
    fn refuses_a_folder_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("thesis.docx"), "precious").unwrap();
        let error = write_site(dir.path(), &[file("index.html", "x")]).unwrap_err();
        assert!(matches!(error, WriteError::NotJaringOutput(_)));
        assert_eq!(
            fs::read_to_string(dir.path().join("thesis.docx")).unwrap(),
            "precious"
        );
    }
}
