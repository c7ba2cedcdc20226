//! Months and dates as small integers, so the model can compare, count and
//! index them without a date library and without time zones.
//!
//! A leaf: imports nothing of the crate; every stage may import it.

use std::fmt;

/// A calendar month, stored as `year * 12 + (month - 1)` so that consecutive
/// months are consecutive integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(u32);

impl Month {
    pub fn new(year: u32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1..=9999).contains(&year))
            .then(|| Month(year * 12 + month - 1))
    }

    /// Parses `YYYY-MM` exactly.
    pub fn parse(text: &str) -> Option<Month> {
        let bytes = text.as_bytes();
        if bytes.len() != 7 || bytes[4] != b'-' {
            return None;
        }
        Month::new(digits(&bytes[0..4])?, digits(&bytes[5..7])?)
    }

    pub fn year(self) -> u32 {
        self.0 / 12
    }

    /// 1 to 12.
    pub fn number(self) -> u32 {
        self.0 % 12 + 1
    }

    /// Months from `self` to `later`, both included; 0 when `later` is earlier.
    pub fn span_to(self, later: Month) -> u32 {
        if later < self {
            0
        } else {
            later.0 - self.0 + 1
        }
    }

    /// Position of `self` counted from `first` (0 for `first` itself).
    pub fn offset_from(self, first: Month) -> usize {
        (self.0 - first.0) as usize
    }

    /// Every month from `self` to `last`, both included.
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        (self.0..=last.0).map(Month)
    }

    pub fn first_day(self) -> Date {
        Date::from_parts(self.year(), self.number(), 1).expect("the first of a month exists")
    }

    pub fn last_day(self) -> Date {
        let day = days_in_month(self.year(), self.number());
        Date::from_parts(self.year(), self.number(), day).expect("the last of a month exists")
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.number())
    }
}

/// The calendar years a programme period runs through: what names its
/// annual report, which belongs to the period and not to the year its final
/// data comes out (claims are paid after the period ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    first: u32,
    last: u32,
}

impl Years {
    pub fn spanning(start: Month, end: Month) -> Years {
        Years {
            first: start.year(),
            last: end.year().max(start.year()),
        }
    }

    /// As a file name takes it: `2026`, or `2026-2027` across two years.
    pub fn slug(self) -> String {
        self.joined("-")
    }

    fn joined(self, separator: &str) -> String {
        if self.first == self.last {
            self.first.to_string()
        } else {
            format!("{}{separator}{}", self.first, self.last)
        }
    }
}

/// As a title writes it: `2026`, or `2026/2027` across two years.
impl fmt::Display for Years {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.joined("/"))
    }
}

/// A calendar date, stored as days since 1970-01-01 so that differences are
/// plain subtraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    pub fn from_parts(year: u32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date(days_from_civil(year as i32, month, day)))
    }

    /// Parses `YYYY-MM-DD` exactly, rejecting days that do not exist.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        Date::from_parts(
            digits(&bytes[0..4])?,
            digits(&bytes[5..7])?,
            digits(&bytes[8..10])?,
        )
    }

    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let days = i32::try_from(days).ok()?;
        let (year, _, _) = civil_from_days(days);
        (1..=9999).contains(&year).then_some(Date(days))
    }

    pub fn parts(self) -> (u32, u32, u32) {
        let (year, month, day) = civil_from_days(self.0);
        (year as u32, month, day)
    }

    pub fn month(self) -> Month {
        let (year, month, _) = self.parts();
        Month::new(year, month).expect("a valid date has a valid month")
    }

    /// Whole days from `earlier` to `self`.
    pub fn days_since(self, earlier: Date) -> i64 {
        i64::from(self.0) - i64::from(earlier.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.parts();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

fn is_leap_year(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil-calendar algorithms: exact for the proleptic
// Gregorian calendar with no tables.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month as i32 + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day as i32 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_count() {
        let january = Month::parse("2026-01").unwrap();
        let october = Month::parse("2026-10").unwrap();
        assert_eq!(january.span_to(october), 10);
        assert_eq!(october.span_to(january), 0);
        assert_eq!(Month::parse("2025-12").unwrap().span_to(january), 2);
        assert_eq!(october.to_string(), "2026-10");
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-01",
            "2026/01",
            "2026-01-01",
            "",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_parse_round_trip_and_subtract() {
        let date = Date::parse("2026-10-31").unwrap();
        assert_eq!(date.to_string(), "2026-10-31");
        assert_eq!(date.parts(), (2026, 10, 31));
        assert_eq!(date.month(), Month::parse("2026-10").unwrap());
        assert_eq!(Date::parse("1970-01-01").unwrap().0, 0);
        assert_eq!(date.days_since(Date::parse("2026-01-01").unwrap()), 303);
        assert!(Date::parse("2024-02-29").is_some());
        for bad in [
            "2026-02-29",
            "2026-04-31",
            "2026-10-32",
            "2026-10-00",
            "2026-1-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Month::parse("2026-02").unwrap().last_day().to_string(),
            "2026-02-28"
        );
    }

    #[test]
    fn a_period_is_named_by_the_years_it_runs_through() {
        let month = |text| Month::parse(text).unwrap();
        let one_year = Years::spanning(month("2026-01"), month("2026-12"));
        assert_eq!(
            (one_year.to_string(), one_year.slug()),
            ("2026".into(), "2026".into())
        );
        let across = Years::spanning(month("2026-07"), month("2027-06"));
        assert_eq!(
            (across.to_string(), across.slug()),
            ("2026/2027".into(), "2026-2027".into())
        );
        let three = Years::spanning(month("2025-12"), month("2027-01"));
        assert_eq!(three.to_string(), "2025/2027");
    }

    #[test]
    fn civil_conversion_is_exact_over_centuries() {
        for days in (-800_000..2_000_000).step_by(997) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }
}
