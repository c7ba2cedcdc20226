//! `jaring init DIR`: a new site holding the bundled Lebak example (synthetic
//! data), to edit or replace file by file.

use std::fs;
use std::path::Path;

use super::CommandError;

/// The example site, as bundled in this repository.
const EXAMPLE: [(&str, &str); 22] = [
    ("site.toml", include_str!("../../site.toml")),
    ("data/program.toml", include_str!("../../data/program.toml")),
    ("data/sectors.csv", include_str!("../../data/sectors.csv")),
    (
        "data/districts.csv",
        include_str!("../../data/districts.csv"),
    ),
    ("data/members.csv", include_str!("../../data/members.csv")),
    ("data/payments.csv", include_str!("../../data/payments.csv")),
    ("data/claims.csv", include_str!("../../data/claims.csv")),
    ("data/budget.csv", include_str!("../../data/budget.csv")),
    (
        "data/districts.geojson",
        include_str!("../../data/districts.geojson"),
    ),
    (
        "data/LICENSE-districts.txt",
        include_str!("../../data/LICENSE-districts.txt"),
    ),
    ("content/_index.md", include_str!("../../content/_index.md")),
    (
        "content/cakupan.md",
        include_str!("../../content/cakupan.md"),
    ),
    (
        "content/anggaran.md",
        include_str!("../../content/anggaran.md"),
    ),
    ("content/klaim.md", include_str!("../../content/klaim.md")),
    (
        "content/metodologi.md",
        include_str!("../../content/metodologi.md"),
    ),
    (
        "content/laporan.md",
        include_str!("../../content/laporan.md"),
    ),
    (
        "content/_index.en.md",
        include_str!("../../content/_index.en.md"),
    ),
    (
        "content/cakupan.en.md",
        include_str!("../../content/cakupan.en.md"),
    ),
    (
        "content/anggaran.en.md",
        include_str!("../../content/anggaran.en.md"),
    ),
    (
        "content/klaim.en.md",
        include_str!("../../content/klaim.en.md"),
    ),
    (
        "content/metodologi.en.md",
        include_str!("../../content/metodologi.en.md"),
    ),
    (
        "content/laporan.en.md",
        include_str!("../../content/laporan.en.md"),
    ),
];

pub fn run(folder: &Path) -> Result<(), CommandError> {
    write_example(folder)?;
    crate::cmd::say!(
        "created a new site in {} (synthetic example data: replace data/ with your program's)",
        folder.display()
    );
    crate::cmd::say!("next: jaring build --root {}", folder.display());
    Ok(())
}

pub fn write_example(folder: &Path) -> Result<(), CommandError> {
    if fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(CommandError::usage(format!(
            "{} exists and is not empty; choose a new folder",
            folder.display()
        )));
    }
    let unwritable = |what: &str, path: &Path, error: std::io::Error| {
        CommandError::Unwritable(format!("cannot {what} {}: {error}", path.display()))
    };
    for (name, text) in EXAMPLE {
        let path = folder.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| unwritable("create", parent, e))?;
        }
        fs::write(&path, text).map_err(|e| unwritable("write", &path, e))?;
    }
    Ok(())
}
