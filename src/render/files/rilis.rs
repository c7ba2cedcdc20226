//! `data/rilis/<id>/`: every recorded release published again exactly as it
//! was recorded, at an address that never changes, so a figure a reader
//! quoted can always be found as it was.

use crate::load::releases::RecordedRelease;
use crate::render::OutputFile;

/// Every release's files under `data/rilis/<id>/`, byte for byte.
pub fn frozen_releases(releases: &[RecordedRelease]) -> Vec<OutputFile> {
    releases
        .iter()
        .flat_map(|release| {
            release.files.iter().map(move |(path, bytes)| OutputFile {
                path: format!("data/rilis/{}/{path}", release.id),
                bytes: bytes.clone(),
            })
        })
        .collect()
}
