//! jaring: a static-site generator for social-protection transparency.
//!
//! One pipeline, data flowing one way:
//! [`load`] (parse + validate) -> [`model`] (aggregate + suppress) ->
//! [`render`] (pages, charts, data files) -> [`write`] (atomically).
//! [`cmd`] holds the commands that run it. [`diag`] (problems and their
//! places), [`text`] (suggestions, personal-data detectors, masking),
//! [`language`] and [`calendar`] are leaves every stage may use;
//! `tests/layering.rs` checks these rules on the source.

pub mod calendar;
pub mod cmd;
pub mod diag;
pub mod language;
pub mod load;
pub mod model;
pub mod render;
pub mod text;
pub mod write;
