//! Text helpers every stage uses: suggestions for a misspelt name, the
//! personal-data detectors and masking. A leaf, like zola's `utils`: it
//! imports nothing of the crate, so load, diag and render can all import it.

pub mod mask;
pub mod personal_data;
pub mod suggest;

/// Whether a character acts on the text around it instead of showing: a
/// control character (a line break, a tab, an escape sequence's start),
/// Unicode's line or paragraph separator, or an invisible direction mark
/// or override, which turns the text around it backwards.
pub fn acts_instead_of_showing(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}
