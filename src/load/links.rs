//! Links in a site's input folders. A file reached through a link that
//! leaves the site would be published from wherever it points (another
//! program's data, a home folder), so such links are refused; links that
//! stay inside the site are followed like the files they point to.

use std::fs;
use std::path::Path;

use walkdir::WalkDir;

use super::INPUT_FOLDERS;
use crate::diag::{Diagnostic, Diagnostics, Place};

/// Reports every link under the site's input folders (the folders
/// themselves included) that points outside `root` or nowhere.
pub fn check_links(root: &Path, diagnostics: &mut Diagnostics) {
    let Ok(site) = root.canonicalize() else {
        return;
    };
    for folder in INPUT_FOLDERS {
        for entry in WalkDir::new(root.join(folder))
            .follow_links(true)
            .sort_by_file_name()
        {
            let (path, target) = match entry {
                Ok(entry) if entry.path_is_symlink() => {
                    (entry.path().to_path_buf(), entry.path().canonicalize())
                }
                Ok(_) => continue,
                Err(error) => match error.path() {
                    Some(path) if is_link(path) => (path.to_path_buf(), path.canonicalize()),
                    _ => continue,
                },
            };
            let shown = shown_path(root, &path);
            match target {
                Ok(target) if target.starts_with(&site) => {}
                Ok(target) => diagnostics.push(
                    Diagnostic::error(
                        Place::file(&shown),
                        format!(
                            "this is a link to {}, outside the site folder",
                            target.display()
                        ),
                    )
                    .with_hint(
                        "copy the file into the site folder: only the site's own files are published",
                    ),
                ),
                Err(error) => diagnostics.push(
                    Diagnostic::error(Place::file(&shown), format!("this link leads nowhere: {error}"))
                        .with_hint(
                            "remove the link, or copy the file it should point to into the site folder",
                        ),
                ),
            }
        }
    }
}

/// Whether `path` is a link [`check_links`] refuses: one that leads nowhere
/// or out of the site folder `root`.
pub fn is_refused_link(root: &Path, path: &Path) -> bool {
    is_link(path)
        && match (root.canonicalize(), path.canonicalize()) {
            (Ok(site), Ok(target)) => !target.starts_with(site),
            _ => true,
        }
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// `data/members.csv`: a path as the user knows it, relative to `root`
/// (the site, or a folder in it) and `/`-separated.
pub(crate) fn shown_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn problems(root: &Path) -> Vec<String> {
        let mut diagnostics = Diagnostics::default();
        check_links(root, &mut diagnostics);
        diagnostics
            .sorted()
            .iter()
            .map(|d| format!("{}: {}", d.place, d.message))
            .collect()
    }

    #[test]
    fn links_leaving_the_site_are_refused_and_links_inside_it_kept() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        let site = dir.path().join("site");
        for folder in ["outside", "site/data", "site/content", "site/templates"] {
            fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        fs::write(outside.join("members.csv"), "x").unwrap();
        fs::write(site.join("data/budget.csv"), "x").unwrap();
        symlink(outside.join("members.csv"), site.join("data/members.csv")).unwrap();
        symlink(
            site.join("data/budget.csv"),
            site.join("data/budget-copy.csv"),
        )
        .unwrap();
        symlink(site.join("nowhere.md"), site.join("content/gone.md")).unwrap();
        symlink(&outside, site.join("templates/assets")).unwrap();
        let found = problems(&site);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].starts_with("content/gone.md: this link leads nowhere"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("data/members.csv: this is a link to "),
            "{found:?}"
        );
        assert!(
            found[1].ends_with("outside/members.csv, outside the site folder"),
            "{found:?}"
        );
        assert!(
            found[2].starts_with("templates/assets: this is a link to "),
            "{found:?}"
        );
    }
}
