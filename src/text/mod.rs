//! Text helpers every stage uses: suggestions for a misspelt name, the
//! personal-data detectors and masking. A leaf, like zola's `utils`: it
//! imports nothing of the crate, so load, diag and render can all import it.

pub mod mask;
pub mod personal_data;
pub mod suggest;
