//! The rules every value of every input obeys, whatever file it is in:
//! whole Rupiah for money, no control characters or direction overrides in
//! text, and how an error message may quote a value (masked, cut short).

use crate::text::mask::mask;
use crate::text::personal_data::find_personal_value;

/// Largest amount of Rupiah accepted in one cell: far above any real payment
/// (and than a contribution), low enough that a count of members times it fits in `i64`.
pub const MAX_MONEY: i64 = 10_000_000_000_000;

/// What is wrong with a money cell, and the hint, or None when it is whole
/// Rupiah within bounds.
pub fn money_problem(text: &str) -> Option<(&'static str, &'static str)> {
    const WHOLE_RUPIAH: &str =
        "write whole Rupiah with digits only, e.g. 16200 (no Rp, dots, commas or decimals)";
    if let Some(rest) = text.strip_prefix('-')
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        return Some((
            "is negative",
            "money paid or allocated cannot be below zero",
        ));
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(("is not whole Rupiah", WHOLE_RUPIAH));
    }
    match text.parse::<i64>() {
        Ok(value) if value <= MAX_MONEY => None,
        _ => Some((
            "is implausibly large",
            "amounts above Rp10.000.000.000.000 in one cell are refused; check the column",
        )),
    }
}

/// The first character a value must not hold: a control character (a line
/// break, a tab, NUL) or an invisible direction override, which would turn
/// the text around it backwards on every page.
pub fn forbidden_character(text: &str) -> Option<char> {
    text.chars().find(|&character| is_forbidden(character))
}

/// Whether a character may not stand in a value: see [`forbidden_character`].
pub fn is_forbidden(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// A cell's value as an error message may quote it: personal data masked
/// (it may sit in the wrong column), and cut short when it is a paragraph.
pub fn echo(text: &str) -> String {
    const LIMIT: usize = 40;
    let masked = match find_personal_value(text) {
        Some(found) => format!(
            "{}{}{}",
            &text[..found.start],
            mask(&text[found.start..found.end], found.kind),
            &text[found.end..]
        ),
        None => text.to_string(),
    };
    if masked.chars().count() <= LIMIT {
        masked
    } else {
        format!("{}…", masked.chars().take(LIMIT).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_accepts_whole_rupiah_only() {
        assert_eq!(money_problem("670680000"), None);
        assert_eq!(money_problem("0"), None);
        assert_eq!(money_problem("-5").unwrap().0, "is negative");
        for bad in ["16.200", "16,200", "Rp16200", "16200.00", "1e6", ""] {
            assert_eq!(
                money_problem(bad).unwrap().0,
                "is not whole Rupiah",
                "{bad}"
            );
        }
        assert_eq!(
            money_problem("99999999999999999999").unwrap().0,
            "is implausibly large"
        );
    }
}
