//! The rules every value of every input obeys, whatever file it is in:
//! whole Rupiah for money, no control characters or direction overrides in
//! text, and how an error message may quote a value (masked, cut short).

use crate::calendar::Date;
use crate::text::acts_instead_of_showing;
use crate::text::mask::mask;
use crate::text::personal_data::find_personal_value;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Largest amount of Rupiah accepted in one cell: far above any real payment
/// (and than a contribution), low enough that a count of members times it fits in `i64`.
pub const MAX_MONEY: i64 = 10_000_000_000_000;

/// What is wrong with a money cell, and the hint, or None when it is whole
/// Rupiah within bounds. An amount written as people write Rupiah
/// (`Rp16.200`, `16 200`) gets its digits as the hint; a space other than
/// the plain one, which looks like it in the message, is named.
pub fn money_problem(text: &str) -> Option<(String, String)> {
    if let Some(rest) = text.strip_prefix('-')
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        if rest.bytes().all(|b| b == b'0') {
            return Some(("is zero with a minus sign".into(), "write 0".into()));
        }
        return Some((
            "is negative".into(),
            "money paid or allocated cannot be below zero".into(),
        ));
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        let unseen = text.chars().find_map(|c| match c.general_category_group() {
            _ if c == ' ' => None,
            GeneralCategoryGroup::Separator => Some(("a special space", c)),
            _ if c.general_category() == GeneralCategory::Format => {
                Some(("an invisible character", c))
            }
            _ => None,
        });
        let message = match unseen {
            Some((what, c)) => format!(
                "is not whole Rupiah: it holds {what} (U+{:04X})",
                u32::from(c)
            ),
            None => "is not whole Rupiah".into(),
        };
        // An id number formatted as an amount is not repeated unmasked.
        let hint = match rupiah_digits(text) {
            Some(digits) if find_personal_value(&digits).is_none() => {
                format!("write whole Rupiah with digits only: {digits}")
            }
            _ => {
                "write whole Rupiah with digits only, e.g. 16200 (no Rp, dots, commas or decimals)"
                    .into()
            }
        };
        return Some((message, hint));
    }
    match text.parse::<i64>() {
        Ok(value) if value <= MAX_MONEY => None,
        _ => Some((
            "is implausibly large".into(),
            "amounts above Rp10.000.000.000.000 in one cell are refused; check the column".into(),
        )),
    }
}

/// The digits of an amount written as people write Rupiah, when it can be
/// read only one way: `Rp16.200`, `Rp. 16.200,-`, `16.200,00`, `16,200`
/// (Rupiah have no thousandths), `1 234 567` (any space), `IDR 16200`.
/// Groups after the first are of three digits, all set apart by one kind of
/// separator, the first not starting with 0; decimals, if any, are zero; the
/// amount is one the contract takes. None for anything else (`16,5`,
/// `1.2.3`, `0.500`).
fn rupiah_digits(text: &str) -> Option<String> {
    let text = text.trim();
    let currency = ["rp.", "rp", "idr"]
        .iter()
        .find(|currency| {
            text.get(..currency.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(currency))
        })
        .map_or(0, |currency| currency.len());
    let amount = text[currency..].trim_start();
    let (amount, decimal_mark) = [(",-", ','), (",00", ','), (".00", '.')]
        .iter()
        .find_map(|(zero, mark)| Some((amount.strip_suffix(zero)?, Some(*mark))))
        .unwrap_or((amount, None));
    let separator = amount.chars().find(|c| !c.is_ascii_digit());
    if separator.is_some() && separator == decimal_mark {
        return None;
    }
    let mut groups = match separator {
        Some(separator) if separator == '.' || separator == ',' || separator.is_whitespace() => {
            amount.split(separator)
        }
        Some(_) => return None,
        None => amount.split('.'),
    };
    let first = groups.next()?;
    let mut digits = first.to_string();
    let is_digits = |group: &str| !group.is_empty() && group.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = first.starts_with('0') && (first.len() > 1 || separator.is_some());
    if !is_digits(first) || leading_zero || (separator.is_some() && first.len() > 3) {
        return None;
    }
    for group in groups {
        if group.len() != 3 || !is_digits(group) {
            return None;
        }
        digits.push_str(group);
    }
    let taken = digits
        .parse::<i64>()
        .is_ok_and(|amount| amount <= MAX_MONEY);
    (taken && digits != text).then_some(digits)
}

/// The hint for a month or date written as people write them rather than as
/// the contract does: `31/10/2026` (day first, as in Indonesia),
/// `10/31/2026` (month first), `2026/10/31`, `31-10-2026`, `31.10.2026`, and
/// for a month `10/2026` or `2026-3`. It shows the ISO form, and both when
/// the value reads either way (03/04/2026): a date is never guessed. None
/// when the value is no such date.
pub fn iso_date_hint(text: &str, month: bool) -> Option<String> {
    let separator = text.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let number = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let date = |year: u32, month: u32, day: u32| Date::from_parts(year, month, day);
    let readings: Vec<(Date, &str)> = match parts.as_slice() {
        [year, month_part] if month => {
            let (year, month_number) = match (number(year, 4..=4), number(month_part, 1..=2)) {
                (Some(year), Some(month_number)) => (year, month_number),
                _ => (number(month_part, 4..=4)?, number(year, 1..=2)?),
            };
            vec![(date(year, month_number, 1)?, "")]
        }
        [first, second, third] => {
            if let Some(year) = number(first, 4..=4) {
                vec![(
                    date(year, number(second, 1..=2)?, number(third, 1..=2)?)?,
                    "",
                )]
            } else {
                let (a, b, year) = (
                    number(first, 1..=2)?,
                    number(second, 1..=2)?,
                    number(third, 4..=4)?,
                );
                let mut readings = Vec::new();
                if let Some(day_first) = date(year, b, a) {
                    readings.push((day_first, "(day first, as in Indonesia)"));
                }
                if a != b
                    && let Some(month_first) = date(year, a, b)
                {
                    readings.push((month_first, "(month first)"));
                }
                readings
            }
        }
        _ => return None,
    };
    let shown = |date: Date| {
        if month {
            date.month().to_string()
        } else {
            date.to_string()
        }
    };
    let (form, verb) = if month {
        ("write months as YYYY-MM", "is in")
    } else {
        ("write dates as YYYY-MM-DD", "is")
    };
    let verb = if month && parts.len() == 2 {
        "is"
    } else {
        verb
    };
    match readings.as_slice() {
        [(only, _)] => Some(format!("{form}: {text} {verb} {}", shown(*only))),
        [(first, first_when), (second, second_when)] => {
            if shown(*first) == shown(*second) {
                return Some(format!("{form}: {text} {verb} {}", shown(*first)));
            }
            let verb = if month { "could be in" } else { "could be" };
            Some(format!(
                "{form}: {text} {verb} {} {first_when} or {}{} {second_when}",
                shown(*first),
                if month { "in " } else { "" },
                shown(*second)
            ))
        }
        _ => None,
    }
}

/// The characters a spreadsheet cell holds: every table is published as a
/// workbook too, so no value may be longer.
pub const MOST_CELL_CHARACTERS: usize = 32_767;

/// The first character a value must not hold: a control character (a line
/// break, a tab, NUL), Unicode's line or paragraph separator (a line break
/// too, in the printed report's tables), or an invisible direction override,
/// which would turn the text around it backwards on every page.
pub fn forbidden_character(text: &str) -> Option<char> {
    text.chars()
        .find(|&character| acts_instead_of_showing(character))
}

/// A line break, as text of several lines (a page, a foreword) may hold.
pub fn is_line_break(character: char) -> bool {
    matches!(character, '\n' | '\r' | '\u{2028}' | '\u{2029}')
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
    fn dates_as_people_write_them_get_their_iso_form_as_a_hint() {
        let hint = |text, month| iso_date_hint(text, month).unwrap_or_default();
        assert_eq!(
            hint("31/10/2026", false),
            "write dates as YYYY-MM-DD: 31/10/2026 is 2026-10-31"
        );
        assert_eq!(
            hint("10/31/2026", false),
            "write dates as YYYY-MM-DD: 10/31/2026 is 2026-10-31"
        );
        assert_eq!(
            hint("03/04/2026", false),
            "write dates as YYYY-MM-DD: 03/04/2026 could be 2026-04-03 (day first, as in Indonesia) or 2026-03-04 (month first)"
        );
        assert_eq!(
            hint("4/4/2026", false),
            "write dates as YYYY-MM-DD: 4/4/2026 is 2026-04-04"
        );
        assert_eq!(
            hint("31.10.2026", false),
            "write dates as YYYY-MM-DD: 31.10.2026 is 2026-10-31"
        );
        assert_eq!(
            hint("2026/10/31", false),
            "write dates as YYYY-MM-DD: 2026/10/31 is 2026-10-31"
        );
        assert_eq!(
            hint("10/2026", true),
            "write months as YYYY-MM: 10/2026 is 2026-10"
        );
        assert_eq!(
            hint("2026-3", true),
            "write months as YYYY-MM: 2026-3 is 2026-03"
        );
        assert_eq!(
            hint("15/03/2026", true),
            "write months as YYYY-MM: 15/03/2026 is in 2026-03"
        );
        assert_eq!(
            hint("01/03/2026", true),
            "write months as YYYY-MM: 01/03/2026 could be in 2026-03 (day first, as in Indonesia) or in 2026-01 (month first)"
        );
        for not_a_date in ["31/13/2026", "banyak", "2026-13", "1/2/3", "10/2026"] {
            assert_eq!(iso_date_hint(not_a_date, false), None, "{not_a_date}");
        }
    }

    #[test]
    fn money_accepts_whole_rupiah_only() {
        assert_eq!(money_problem("670680000"), None);
        assert_eq!(money_problem("0"), None);
        assert_eq!(money_problem("-5").unwrap().0, "is negative");
        assert_eq!(money_problem("-050").unwrap().0, "is negative");
        for zero in ["-0", "-000"] {
            let (message, hint) = money_problem(zero).unwrap();
            assert_eq!(
                (message.as_str(), hint.as_str()),
                ("is zero with a minus sign", "write 0")
            );
        }
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

    #[test]
    fn an_amount_as_people_write_rupiah_gets_its_digits_as_the_hint() {
        let hint = |text| money_problem(text).unwrap().1;
        for (written, digits) in [
            ("Rp16.200", "16200"),
            ("Rp 670.680.000", "670680000"),
            ("Rp16.200,-", "16200"),
            ("16.200,00", "16200"),
            ("16,200", "16200"),
            ("16,200.00", "16200"),
            ("1\u{a0}234\u{a0}567", "1234567"),
            ("16\u{202f}200", "16200"),
            ("IDR 16200", "16200"),
            ("Rp16200", "16200"),
            ("rp.16.200", "16200"),
            ("RP. 16.200", "16200"),
        ] {
            assert_eq!(
                hint(written),
                format!("write whole Rupiah with digits only: {digits}"),
                "{written}"
            );
        }
        // Anything that reads more than one way, or not as money, gets the
        // rule alone.
        for unclear in [
            "16,5",
            "1.2.3",
            "16.200,50",
            "16.20",
            "1234.567",
            "16,200,00",
            "Rp",
            "abc",
            "16.200.-",
            "0.500",
            "012.345",
            "Rp.00",
            "-16.200",
            "Rp10.000.000.000.001",
        ] {
            assert!(hint(unclear).contains("e.g. 16200"), "{unclear}");
        }
    }

    #[test]
    fn an_id_number_formatted_as_an_amount_is_not_repeated_in_the_hint() {
        for id_number in ["3.602.041.507.880.001", "081.234.567.890"] {
            let hint = money_problem(id_number).unwrap().1;
            assert!(
                !hint.contains("3602041507880001") && !hint.contains("081234567890"),
                "{hint}"
            );
            assert!(hint.contains("e.g. 16200"), "{hint}");
        }
    }

    #[test]
    fn a_special_space_or_an_invisible_character_in_an_amount_is_named() {
        assert_eq!(
            money_problem("53136\u{a0}000").unwrap().0,
            "is not whole Rupiah: it holds a special space (U+00A0)"
        );
        assert_eq!(
            money_problem("16\u{200b}200").unwrap().0,
            "is not whole Rupiah: it holds an invisible character (U+200B)"
        );
        assert_eq!(
            money_problem("\u{feff}16200").unwrap().0,
            "is not whole Rupiah: it holds an invisible character (U+FEFF)"
        );
        assert_eq!(money_problem("53136 000").unwrap().0, "is not whole Rupiah");
    }

    #[test]
    fn line_and_paragraph_separators_are_refused_in_a_value() {
        assert_eq!(
            forbidden_character("Cibadak\u{2028}Selatan"),
            Some('\u{2028}')
        );
        assert_eq!(forbidden_character("Cibadak\u{2029}"), Some('\u{2029}'));
        assert_eq!(forbidden_character("Cibadak Selatan"), None);
        // Text of several lines (a page, a foreword) takes them as line breaks.
        assert!(is_line_break('\u{2028}') && is_line_break('\n') && !is_line_break('\t'));
    }
}
