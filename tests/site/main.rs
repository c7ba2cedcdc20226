//! End-to-end: build fixture sites with the real binary and check every
//! published file, message and exit status.
//!
//! `tests/fixtures/tiny` is a hand-made site whose published data files were
//! computed by hand (`expected/`); invalid sites are the tiny site with one
//! file changed, so each test shows exactly what it breaks.
//!
//! One test binary, a module per topic (as mdBook's test suite is laid out);
//! `harness` holds what they share.

mod harness;

mod budget;
mod cache;
mod cli;
mod errors;
mod history;
mod languages;
mod maps;
mod output;
mod privacy;
mod quality;
mod releases;
mod report;
mod rilis;
mod serve;
mod sharing;
mod spreadsheet;
mod spreadsheets;
mod template;
mod wide;
mod workbook;
mod xlsx;
