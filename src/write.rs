//! Write: the one place that touches the output folder. The site is written
//! into a fresh folder beside the output and swapped in, so a failed or
//! interrupted build leaves the previous site as it was.
//!
//! Every guard judges the folder that will really be written: the path is
//! resolved once ([`OutputFolder::resolve`]) and that resolved path is the
//! one checked and the one written.
//!
//! The last stage: imports render's [`OutputFile`] and load's input folder
//! names; only the commands import it.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::render::OutputFile;

/// Marks a folder as written by jaring: only such a folder may be replaced.
pub const MARKER: &str = ".jaring-output";
const MARKER_TEXT: &str =
    "This folder is written by jaring build and replaced as a whole on every build.\n";

/// Why an output folder is refused before anything is built (a usage error).
#[derive(Debug, PartialEq, Eq)]
pub enum OutputRefused {
    /// The output is the site, or holds it.
    WouldReplaceSite {
        output: PathBuf,
        suggestion: PathBuf,
    },
    /// The output lies inside one of the site's input folders (or its
    /// releases).
    InsideInputFolder { output: PathBuf, folder: PathBuf },
    /// The output holds files jaring did not write.
    NotJaringOutput(PathBuf),
    /// The path cannot be resolved (a broken link, an unreadable folder).
    Unresolvable(PathBuf, String),
}

impl std::fmt::Display for OutputRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputRefused::WouldReplaceSite { output, suggestion } => write!(
                f,
                "--output {} would replace the site itself; choose a folder inside it, such as {}",
                output.display(),
                suggestion.display()
            ),
            OutputRefused::InsideInputFolder { output, folder } => write!(
                f,
                "--output {} is inside the site's input folder {}; choose another folder",
                output.display(),
                folder.display()
            ),
            OutputRefused::NotJaringOutput(path) => write!(
                f,
                "--output {} is not empty and was not written by jaring; refusing to replace it (choose another --output, or empty the folder)",
                path.display()
            ),
            OutputRefused::Unresolvable(path, error) => {
                write!(f, "--output {}: cannot resolve it: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for OutputRefused {}

/// An output folder that passed every guard, as the absolute path that
/// will be written. A link to a folder (a deploy folder, say) is written
/// through: the folder it points to is replaced and the link kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFolder(PathBuf);

impl OutputFolder {
    /// Resolves `output` for the site at `root` and applies every guard:
    /// not the site or a folder holding it, not inside its input folders or
    /// its releases, and empty, missing or written by jaring before.
    pub fn resolve(root: &Path, output: &Path) -> Result<OutputFolder, OutputRefused> {
        let unresolvable = |path: &Path, error: io::Error| {
            OutputRefused::Unresolvable(path.to_path_buf(), error.to_string())
        };
        // The root exists (the command checked it): the kernel resolves it,
        // as it does when the site is loaded, so `link/..` means the same here.
        let root = root.canonicalize().map_err(|e| unresolvable(root, e))?;
        let resolved = resolve_path(output).map_err(|e| unresolvable(output, e))?;
        if resolved == root || root.starts_with(&resolved) {
            return Err(OutputRefused::WouldReplaceSite {
                output: output.to_path_buf(),
                suggestion: root.join("output"),
            });
        }
        if let Some(folder) = crate::load::INPUT_FOLDERS
            .iter()
            .chain([&crate::load::RELEASES_FOLDER])
            .flat_map(|name| {
                let folder = root.join(name);
                // A folder that is a link is guarded where it points too.
                let target = folder.canonicalize().ok();
                [Some(folder), target].into_iter().flatten()
            })
            .find(|folder| resolved.starts_with(folder))
        {
            return Err(OutputRefused::InsideInputFolder {
                output: output.to_path_buf(),
                folder,
            });
        }
        match is_replaceable(&resolved) {
            Ok(true) => Ok(OutputFolder(resolved)),
            Ok(false) => Err(OutputRefused::NotJaringOutput(output.to_path_buf())),
            Err(error) => Err(unresolvable(output, error)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

/// The absolute form of `path` that the file system will use: `.` and `..`
/// resolved lexically (so `missing/../keep` is `keep`, never a folder made
/// to satisfy the kernel), then the nearest existing ancestor, or the path
/// itself, canonicalised, which follows links.
fn resolve_path(path: &Path) -> io::Result<PathBuf> {
    let mut lexical = PathBuf::new();
    for component in std::path::absolute(path)?.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut missing = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            break;
        };
        missing.push(name);
        existing = parent;
    }
    let mut resolved = existing.canonicalize()?;
    resolved.extend(missing.iter().rev());
    Ok(resolved)
}

/// Whether the folder at `output` may be replaced: missing, empty, or
/// marked as jaring's.
fn is_replaceable(output: &Path) -> io::Result<bool> {
    match fs::read_dir(output) {
        Ok(mut entries) => Ok(entries.next().is_none() || output.join(MARKER).is_file()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(error) => Err(error),
    }
}

#[derive(Debug)]
pub enum WriteError {
    /// The output folder holds files jaring did not write (it changed
    /// after the guards passed).
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

/// The previous site when it could not be removed after the new one was
/// put in place (a read-only copy, say): the build succeeded, but the
/// folder is left beside the output and the user should be told.
#[derive(Debug)]
pub struct Leftover {
    pub path: PathBuf,
    pub error: io::Error,
}

/// Replaces the output folder with exactly `files`.
pub fn write_site(
    output: &OutputFolder,
    files: &[OutputFile],
) -> Result<Option<Leftover>, WriteError> {
    Staging::begin(output)?.finish(files)
}

/// A new site being written beside the output folder, put in its place by
/// [`Staging::finish`] once every file is there; dropped unfinished, it is
/// removed and the output is as it was. A build writes the pages and
/// charts while its PDF reports are still being typeset.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    /// The paths written so far.
    written: HashSet<String>,
    /// The folders made to hold the output, innermost first: removed again
    /// when the build fails.
    made: Vec<PathBuf>,
    finished: bool,
}

impl Staging {
    /// Makes the empty staging folder, once the output is known to be
    /// replaceable.
    pub fn begin(output: &OutputFolder) -> Result<Staging, WriteError> {
        let output = output.path();
        if !is_replaceable(output).map_err(|e| WriteError::Io(output.to_path_buf(), e))? {
            return Err(WriteError::NotJaringOutput(output.to_path_buf()));
        }
        let parent = output.parent().unwrap_or(Path::new("/"));
        let name = output
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().to_string());
        let made: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
            .map(Path::to_path_buf)
            .collect();
        fs::create_dir_all(parent).map_err(|e| WriteError::Io(parent.to_path_buf(), e))?;
        remove_leftovers(parent, &name);
        let staging = Staging {
            output: output.to_path_buf(),
            staging: parent.join(format!(".{name}.jaring-new-{}", std::process::id())),
            retired: parent.join(format!(".{name}.jaring-old-{}", std::process::id())),
            written: HashSet::new(),
            made,
            finished: false,
        };
        fs::create_dir_all(&staging.staging)
            .map_err(|e| WriteError::Io(staging.staging.clone(), e))?;
        fs::write(staging.staging.join(MARKER), MARKER_TEXT)
            .map_err(|e| WriteError::Io(staging.staging.join(MARKER), e))?;
        Ok(staging)
    }

    /// Writes `files` into the staging folder; a file the output already
    /// holds byte for byte is linked to it instead (see [`place_files`]).
    pub fn write(&mut self, files: &[OutputFile]) -> Result<(), WriteError> {
        place_files(
            &self.staging,
            Some(&self.output),
            files
                .iter()
                .map(|file| (file.path.as_str(), file.bytes.as_slice())),
        )?;
        self.written
            .extend(files.iter().map(|file| file.path.clone()));
        Ok(())
    }

    /// Writes what of `files` is not written yet and puts the staged site
    /// in place of the output.
    pub fn finish(mut self, files: &[OutputFile]) -> Result<Option<Leftover>, WriteError> {
        let rest: Vec<&OutputFile> = files
            .iter()
            .filter(|file| !self.written.contains(&file.path))
            .collect();
        place_files(
            &self.staging,
            Some(&self.output),
            rest.iter()
                .map(|file| (file.path.as_str(), file.bytes.as_slice())),
        )?;
        let swapped = swap_in(&self.staging, &self.output, &self.retired)?;
        self.finished = true;
        Ok(swapped)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_tree(&self.staging);
            // A folder something else wrote into stays.
            for folder in &self.made {
                let _ = fs::remove_dir(folder);
            }
        }
    }
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
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Removes a folder jaring wrote, making it writable first if a plain
/// removal fails: a deployed copy is often made read-only.
fn remove_tree(folder: &Path) -> io::Result<()> {
    if fs::remove_dir_all(folder).is_ok() || !folder.exists() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(folder).into_iter().flatten() {
        if entry.file_type().is_dir() {
            let mut permissions = entry.metadata()?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            let _ = fs::set_permissions(entry.path(), permissions);
        }
    }
    fs::remove_dir_all(folder)
}

/// Writes each `(path below folder, bytes)`, making the folders they need.
pub fn write_files<'a>(
    folder: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<(), WriteError> {
    place_files(folder, None, files)
}

/// Writes `files` into `folder`. A file that `previous` (the site being
/// replaced) holds with the same bytes is hard-linked to it instead of
/// written: a rebuild that changed a few files creates few new ones,
/// which is most of a warm build's time. The site replaced is removed
/// right after, so the two never share a file for long; where links cannot
/// be made, the file is written.
fn place_files<'a>(
    folder: &Path,
    previous: Option<&Path>,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<(), WriteError> {
    // Only files of the previous site itself are linked, not what a link
    // in it leads to: its real path is where every folder must resolve.
    let previous = previous.and_then(|previous| fs::canonicalize(previous).ok());
    // Files come mostly sorted by path: a folder is made, and its old self
    // found, once for the files it holds, not once for each.
    let mut last_folder: Option<(&Path, Option<PathBuf>)> = None;
    for (relative, bytes) in files {
        let path = folder.join(relative);
        let relative_folder = Path::new(relative).parent().unwrap_or(Path::new(""));
        if last_folder
            .as_ref()
            .is_none_or(|(last, _)| *last != relative_folder)
        {
            let made = folder.join(relative_folder);
            fs::create_dir_all(&made).map_err(|e| WriteError::Io(made, e))?;
            let old_folder = previous
                .as_ref()
                .map(|previous| previous.join(relative_folder))
                .filter(|old| fs::canonicalize(old).is_ok_and(|real| real == *old));
            last_folder = Some((relative_folder, old_folder));
        }
        let old_folder = last_folder.as_ref().and_then(|(_, old)| old.as_ref());
        let same = old_folder
            .zip(path.file_name())
            .map(|(old_folder, name)| old_folder.join(name))
            .filter(|old| holds(old, bytes));
        if let Some(old) = same
            && fs::hard_link(&old, &path).is_ok()
        {
            continue;
        }
        fs::write(&path, bytes).map_err(|e| WriteError::Io(path.clone(), e))?;
    }
    Ok(())
}

/// Whether the regular file at `path` holds exactly `bytes` and may be
/// linked into the new site: not made read-only since, which a link would
/// carry over.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let Ok(metadata) = fs::symlink_metadata(path) else {
        return false;
    };
    metadata.is_file()
        && !metadata.permissions().readonly()
        && metadata.len() == bytes.len() as u64
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Puts the staged site in place of the output. On Linux the two folders
/// are exchanged in one atomic step, so there is no moment without a site;
/// elsewhere (or on a file system that cannot exchange) the old folder is
/// renamed away first and restored if the second rename fails. The old
/// site ends under the `retired` name and is removed from there.
fn swap_in(staging: &Path, output: &Path, retired: &Path) -> Result<Option<Leftover>, WriteError> {
    if !output.exists() {
        fs::rename(staging, output).map_err(|e| WriteError::Io(output.to_path_buf(), e))?;
        return Ok(None);
    }
    if exchange(staging, output).is_ok() {
        fs::rename(staging, retired).map_err(|e| WriteError::Io(retired.to_path_buf(), e))?;
    } else {
        fs::rename(output, retired).map_err(|e| WriteError::Io(output.to_path_buf(), e))?;
        if let Err(error) = fs::rename(staging, output) {
            let _ = fs::rename(retired, output);
            return Err(WriteError::Io(output.to_path_buf(), error));
        }
    }
    Ok(remove_tree(retired).err().map(|error| Leftover {
        path: retired.to_path_buf(),
        error,
    }))
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
        OutputFile::text(path, text)
    }

    fn folder(path: &Path) -> OutputFolder {
        OutputFolder(path.to_path_buf())
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
        write_site(
            &folder(&output),
            &[file("a.html", "1"), file("data/x.csv", "x")],
        )
        .unwrap();
        write_site(&folder(&output), &[file("b.html", "2")]).unwrap();
        assert!(!output.join("a.html").exists());
        assert_eq!(fs::read_to_string(output.join("b.html")).unwrap(), "2");
        assert_eq!(entries(dir.path()), ["output"]);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site_and_no_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        write_site(&folder(&output), &[file("index.html", "old")]).unwrap();
        fs::create_dir(dir.path().join(".output.jaring-new-99999")).unwrap();
        // A file and a folder of the same name cannot both be written.
        let error =
            write_site(&folder(&output), &[file("a", "x"), file("a/b.html", "y")]).unwrap_err();
        assert!(matches!(error, WriteError::Io(..)));
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(entries(dir.path()), ["output"]);
    }

    #[test]
    fn an_unfinished_staging_takes_the_folders_it_made_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("a/b/output");
        let mut staging = Staging::begin(&folder(&output)).unwrap();
        staging.write(&[file("index.html", "x")]).unwrap();
        assert!(dir.path().join("a/b").is_dir());
        drop(staging);
        assert!(entries(dir.path()).is_empty());
        // Finished, the site is there, written once before and once after.
        let mut staging = Staging::begin(&folder(&output)).unwrap();
        staging.write(&[file("index.html", "x")]).unwrap();
        staging
            .finish(&[file("index.html", "x"), file("laporan.pdf", "y")])
            .unwrap();
        assert_eq!(fs::read_to_string(output.join("laporan.pdf")).unwrap(), "y");
        assert_eq!(entries(dir.path()), ["a"]);
    }

    #[test]
    fn refuses_a_folder_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("thesis.docx"), "precious").unwrap();
        let error = write_site(&folder(dir.path()), &[file("index.html", "x")]).unwrap_err();
        assert!(matches!(error, WriteError::NotJaringOutput(_)));
        fs::create_dir(dir.path().join("site")).unwrap();
        let refused = OutputFolder::resolve(&dir.path().join("site"), dir.path()).unwrap_err();
        assert!(matches!(refused, OutputRefused::WouldReplaceSite { .. }));
        assert_eq!(
            fs::read_to_string(dir.path().join("thesis.docx")).unwrap(),
            "precious"
        );
    }

    #[test]
    fn paths_are_resolved_before_they_are_judged() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        fs::create_dir(base.join("keep")).unwrap();
        fs::create_dir(base.join("site")).unwrap();
        assert_eq!(
            resolve_path(&base.join("missing/../keep")).unwrap(),
            base.join("keep")
        );
        assert_eq!(
            resolve_path(&base.join("site/output/../content/x")).unwrap(),
            base.join("site/content/x")
        );
        std::os::unix::fs::symlink(base.join("site"), base.join("link")).unwrap();
        assert_eq!(
            resolve_path(&base.join("link/./data/new")).unwrap(),
            base.join("site/data/new")
        );
    }

    #[test]
    fn a_file_the_previous_site_holds_byte_for_byte_is_linked_not_written() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let inode = |path: &str| fs::metadata(output.join(path)).unwrap().ino();
        write_site(
            &folder(&output),
            &[file("same.html", "same"), file("data/changed.csv", "1")],
        )
        .unwrap();
        let (same, changed) = (inode("same.html"), inode("data/changed.csv"));
        let mut staging = Staging::begin(&folder(&output)).unwrap();
        staging.write(&[file("same.html", "same")]).unwrap();
        // Dropped unfinished: the previous site is as it was.
        drop(staging);
        assert_eq!(
            fs::read_to_string(output.join("same.html")).unwrap(),
            "same"
        );
        write_site(
            &folder(&output),
            &[file("same.html", "same"), file("data/changed.csv", "2")],
        )
        .unwrap();
        assert_eq!(inode("same.html"), same);
        assert_ne!(inode("data/changed.csv"), changed);
        assert_eq!(
            fs::read_to_string(output.join("data/changed.csv")).unwrap(),
            "2"
        );
        assert_eq!(fs::metadata(output.join("same.html")).unwrap().nlink(), 1);
        assert_eq!(entries(dir.path()), ["output"]);
    }

    #[test]
    fn a_file_behind_a_link_in_the_previous_site_is_not_linked() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        write_site(&folder(&output), &[file("grafik/a.png", "same")]).unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("a.png"), "same").unwrap();
        fs::remove_dir_all(output.join("grafik")).unwrap();
        std::os::unix::fs::symlink(&outside, output.join("grafik")).unwrap();
        write_site(&folder(&output), &[file("grafik/a.png", "same")]).unwrap();
        let inode = |path: &Path| fs::metadata(path).unwrap().ino();
        assert_ne!(
            inode(&output.join("grafik/a.png")),
            inode(&outside.join("a.png"))
        );
        assert_eq!(fs::read_to_string(outside.join("a.png")).unwrap(), "same");
    }

    #[test]
    fn a_read_only_previous_site_is_removed_after_the_swap() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        write_site(&folder(&output), &[file("data/x.csv", "old")]).unwrap();
        for path in [
            output.join("data/x.csv"),
            output.join("data"),
            output.clone(),
        ] {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o555)).unwrap();
        }
        let leftover = write_site(&folder(&output), &[file("data/x.csv", "new")]).unwrap();
        assert!(leftover.is_none(), "{leftover:?}");
        assert_eq!(
            fs::read_to_string(output.join("data/x.csv")).unwrap(),
            "new"
        );
        assert_eq!(entries(dir.path()), ["output"]);
        // A read-only file of the same bytes is written again, not linked:
        // the new site's files are not read-only.
        for path in [
            output.join("data/x.csv"),
            output.join("data"),
            output.clone(),
        ] {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o555)).unwrap();
        }
        write_site(&folder(&output), &[file("data/x.csv", "new")]).unwrap();
        let written = fs::metadata(output.join("data/x.csv")).unwrap();
        assert!(!written.permissions().readonly());
        assert_eq!(entries(dir.path()), ["output"]);
    }
}
