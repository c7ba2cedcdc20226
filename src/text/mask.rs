//! Personal data in text a problem report shows, masked: error output ends
//! up in logs and must not leak what load refuses.

use super::personal_data::{PersonalData, find_personal_value};

/// A refused value as a report may show it: the first four characters of a
/// number (its separators kept), the first character and the `@` of an
/// e-mail address; the rest as `*`.
pub fn mask(value: &str, kind: PersonalData) -> String {
    let (keep, shown): (usize, &[char]) = match kind {
        PersonalData::Email => (1, &['@']),
        _ => (4, &[' ', '.', '-', '+']),
    };
    value
        .chars()
        .enumerate()
        .map(|(index, c)| {
            if index < keep || shown.contains(&c) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// `text` with every personal value in it masked, character for character,
/// so that columns into it stay right.
pub fn mask_all(text: &str) -> String {
    let mut masked = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(found) = find_personal_value(rest) {
        masked.push_str(&rest[..found.start]);
        masked.push_str(&mask(&rest[found.start..found.end], found.kind));
        rest = &rest[found.end..];
    }
    masked.push_str(rest);
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_a_normalised_value_at_its_original_place() {
        assert_eq!(
            mask_all("NIK 3602\u{200b}041507880001, Lebak"),
            "NIK 3602*************, Lebak"
        );
        assert_eq!(
            mask_all("NIK: ٣٦٠٢٠٤١٥٠٧٨٨٠٠٠١ (Lebak)"),
            "NIK: ٣٦٠٢************ (Lebak)"
        );
    }

    #[test]
    fn masks_every_value_in_a_line() {
        assert_eq!(
            mask_all("M01,3602041507880001,x@mail.com,2026-01"),
            "M01,3602************,x@********,2026-01"
        );
    }

    #[test]
    fn masks_all_but_a_prefix() {
        assert_eq!(
            mask("3602041507880001", PersonalData::IdNumber),
            "3602************"
        );
        assert_eq!(
            mask("0812-3456-7890", PersonalData::Phone),
            "0812-****-****"
        );
        assert_eq!(
            mask("budi.s@mail.com", PersonalData::Email),
            "b*****@********"
        );
    }
}
