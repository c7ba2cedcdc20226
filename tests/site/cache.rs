//! The build cache of images and PDFs: the same site with or without it.

use std::fs;

use crate::harness::*;

#[test]
fn cached_images_and_pdfs_give_the_same_site() {
    let uncached = Fixture::tiny();
    let expected = tree(&uncached.build().output);
    let cache = tempfile::tempdir().unwrap();
    let cached = Fixture::tiny();
    for _ in 0..2 {
        let outcome = cached.run_with_cache(&["build"], cache.path());
        assert_eq!(outcome.status, 0, "{}", outcome.stderr);
        assert_eq!(tree(&outcome.output), expected);
    }
    let entries = |kind: &str| fs::read_dir(cache.path().join(kind)).unwrap().count();
    // The tiny site is in Indonesian only: one PDF, 8 PNG charts and the
    // share image.
    assert_eq!((entries("pdf"), entries("png")), (1, 9));
}
