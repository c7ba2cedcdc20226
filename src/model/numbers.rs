//! Derived numbers kept exact: percentages as hundredths of a percent and
//! medians of whole days as half-days, each rounded once, half-up.

/// `numerator / denominator` rounded half-up to an integer; None for a zero
/// denominator. Both are non-negative in every use.
pub fn divide_half_up(numerator: i128, denominator: i128) -> Option<i128> {
    (denominator > 0).then(|| (2 * numerator + denominator) / (2 * denominator))
}

/// A percentage with exactly two decimals: 83,33% is `Percent(8333)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(pub i64);

impl Percent {
    /// `100 × part / whole`, rounded half-up to 2 decimals; None when whole is 0.
    pub fn of(part: i128, whole: i128) -> Option<Percent> {
        divide_half_up(part * 10_000, whole).map(|hundredths| Percent(hundredths as i64))
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }

    /// `83.33`, `50.00`: the plain form for data files.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", self.0.abs() / 100, self.0.abs() % 100)
    }

    /// Reads back what [`Percent::plain`] wrote (`83.33`, `-0.07`): a
    /// published cell compared across versions; None for any other text.
    pub fn parse_plain(text: &str) -> Option<Percent> {
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, text),
        };
        let (whole, fraction) = digits.split_once('.')?;
        let is_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !is_digits(whole) || fraction.len() != 2 || !is_digits(fraction) {
            return None;
        }
        let hundredths =
            whole.parse::<i64>().ok()?.checked_mul(100)? + fraction.parse::<i64>().ok()?;
        Some(Percent(sign * hundredths))
    }

    /// The same value as a JSON number.
    pub fn to_json(self) -> serde_json::Value {
        serde_json::Number::from_f64(self.0 as f64 / 100.0)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// A rate per 1.000 with exactly two decimals: 12,35 claims per 1.000
/// members is `PerThousand(1235)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PerThousand(pub i64);

impl PerThousand {
    /// `1000 × part / whole`, rounded half-up to 2 decimals; None when whole is 0.
    pub fn of(part: i128, whole: i128) -> Option<PerThousand> {
        divide_half_up(part * 100_000, whole).map(|hundredths| PerThousand(hundredths as i64))
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }
}

/// A number of days that may end in a half (the median of an even count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct HalfDays(pub i64);

impl HalfDays {
    /// The median of `days`; None when empty. Sorts `days` in place.
    pub fn median(days: &mut [i64]) -> Option<HalfDays> {
        if days.is_empty() {
            return None;
        }
        days.sort_unstable();
        let middle = days.len() / 2;
        Some(HalfDays(if days.len() % 2 == 1 {
            2 * days[middle]
        } else {
            days[middle - 1] + days[middle]
        }))
    }

    pub fn whole_days(self) -> i64 {
        self.0 / 2
    }

    pub fn has_half(self) -> bool {
        self.0 % 2 != 0
    }

    /// `12` or `12.5`.
    pub fn plain(self) -> String {
        if self.has_half() {
            format!("{}.5", self.whole_days())
        } else {
            self.whole_days().to_string()
        }
    }

    pub fn to_json(self) -> serde_json::Value {
        if self.has_half() {
            serde_json::Number::from_f64(self.0 as f64 / 2.0)
                .map_or(serde_json::Value::Null, serde_json::Value::Number)
        } else {
            serde_json::Value::from(self.whole_days())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up_to_two_decimals() {
        assert_eq!(Percent::of(558_900_000, 670_680_000), Some(Percent(8333)));
        assert_eq!(Percent::of(1, 8), Some(Percent(1250)));
        assert_eq!(Percent::of(1, 3), Some(Percent(3333)));
        assert_eq!(Percent::of(2, 3), Some(Percent(6667)));
        // 100 × 1 / 160 = 0.625 exactly: half-up gives 0.63
        assert_eq!(Percent::of(1, 160), Some(Percent(63)));
        assert_eq!(Percent::of(5, 0), None);
        assert_eq!(Percent(5000).plain(), "50.00");
        assert_eq!(Percent(8333).plain(), "83.33");
        assert_eq!(Percent(7).plain(), "0.07");
        assert_eq!(Percent(8333).to_json().to_string(), "83.33");
    }

    #[test]
    fn a_rate_per_thousand_rounds_half_up_to_two_decimals() {
        assert_eq!(PerThousand::of(5, 180), Some(PerThousand(2778)));
        // 1000 × 1 / 1600 = 0.625 exactly: half-up gives 0.63
        assert_eq!(PerThousand::of(1, 1600), Some(PerThousand(63)));
        assert_eq!(PerThousand::of(0, 40), Some(PerThousand(0)));
        assert_eq!(PerThousand::of(3, 0), None);
    }

    #[test]
    fn a_plain_percent_reads_back() {
        for percent in [
            Percent(0),
            Percent(7),
            Percent(5000),
            Percent(8333),
            Percent(-7),
        ] {
            assert_eq!(Percent::parse_plain(&percent.plain()), Some(percent));
        }
        for text in [
            "", "50", "50.0", "50.000", ".50", "5a.00", "50,00", "+1.00", "--1.00",
        ] {
            assert_eq!(Percent::parse_plain(text), None, "{text}");
        }
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(HalfDays::median(&mut [9, 1, 5]), Some(HalfDays(10)));
        assert_eq!(
            HalfDays::median(&mut [4, 1, 9, 8])
                .map(HalfDays::plain)
                .as_deref(),
            Some("6")
        );
        assert_eq!(
            HalfDays::median(&mut [1, 2])
                .map(HalfDays::plain)
                .as_deref(),
            Some("1.5")
        );
        assert_eq!(HalfDays::median(&mut []), None);
    }

    #[test]
    fn division_rounds_half_up() {
        assert_eq!(divide_half_up(7, 2), Some(4));
        assert_eq!(divide_half_up(5, 3), Some(2));
        assert_eq!(divide_half_up(1, 0), None);
    }
}
