//! Numbers, money and dates written the way readers of a language expect:
//! Indonesian per PUEBI (3.450; Rp670.680.000; 12,50%; 31 Oktober 2026),
//! English as the press writes Rupiah (3,450; IDR 670,680,000; 12.5%;
//! 31 October 2026).
//!
//! Hand-written rather than taken from a locale library: PUEBI writes `Rp`
//! with no space, which common locale data (CLDR) does not, and these few
//! rules are all the site needs.

pub use crate::language::{ENGLISH, Formats, INDONESIAN};

use crate::calendar::{Date, Month};
use crate::model::values::Value;
use crate::model::{HalfDays, Percent};

/// How a language writes numbers, money and dates: its formats, as the
/// language registry declares them.
pub type Locale = Formats;

impl Locale {
    /// The locale of a language code jaring writes.
    #[cfg(test)]
    pub fn of(language: &str) -> Option<Locale> {
        crate::language::find(language).map(|language| language.formats)
    }
}

impl Locale {
    /// 3.450
    pub fn count(&self, value: u64) -> String {
        self.group(&value.to_string())
    }

    /// Rp670.680.000
    pub fn money(&self, value: impl Into<i128>) -> String {
        let value: i128 = value.into();
        let sign = if value < 0 { "-" } else { "" };
        format!(
            "{sign}{}{}",
            self.currency,
            self.group(&value.unsigned_abs().to_string())
        )
    }

    /// Rp670,7 jt: a short form for chart axes and labels, never for tables.
    pub fn money_short(&self, value: i64) -> String {
        let (divisor, unit) = match value.unsigned_abs() {
            v if v >= 1_000_000_000 => (1_000_000_000, self.magnitudes[2]),
            v if v >= 1_000_000 => (1_000_000, self.magnitudes[1]),
            v if v >= 1_000 => (1_000, self.magnitudes[0]),
            _ => (1, ""),
        };
        if divisor == 1 {
            return self.money(value);
        }
        let tenths = (value.unsigned_abs() * 10 + divisor / 2) / divisor;
        let sign = if value < 0 { "-" } else { "" };
        let number = if tenths.is_multiple_of(10) {
            self.group(&(tenths / 10).to_string())
        } else {
            format!(
                "{}{}{}",
                self.group(&(tenths / 10).to_string()),
                self.decimal,
                tenths % 10
            )
        };
        format!("{sign}{}{number}{unit}", self.currency)
    }

    /// 12,5% — two decimals at most, trailing zeros dropped: for the round
    /// values of a chart's axis. Figures are written with
    /// [`Locale::percent_fixed`], the precision they are published with.
    pub fn percent_axis(&self, value: Percent) -> String {
        let hundredths = value.hundredths();
        let sign = if hundredths < 0 { "-" } else { "" };
        let whole = self.group(&(hundredths.abs() / 100).to_string());
        let fraction = format!("{:02}", hundredths.abs() % 100);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            format!("{sign}{whole}%")
        } else {
            format!("{sign}{whole}{}{fraction}%", self.decimal)
        }
    }

    /// 57,50%: always two decimals, as the data files publish them, so a
    /// figure reads the same in a sentence, a chart and a table.
    pub fn percent_fixed(&self, value: Percent) -> String {
        let hundredths = value.hundredths();
        let sign = if hundredths < 0 { "-" } else { "" };
        format!(
            "{sign}{}{}{:02}%",
            self.group(&(hundredths.abs() / 100).to_string()),
            self.decimal,
            hundredths.abs() % 100
        )
    }

    /// 12,35: a number kept in hundredths, with its two decimals (a rate
    /// per 1.000).
    pub fn hundredths(&self, value: i64) -> String {
        let sign = if value < 0 { "-" } else { "" };
        format!(
            "{sign}{}{}{:02}",
            self.group(&(value.abs() / 100).to_string()),
            self.decimal,
            value.abs() % 100
        )
    }

    /// A share rounded for sentences: to a whole percent from 10% ("31%"),
    /// to a tenth below it ("0,7%": one of 514 districts is no "1%"), and
    /// "<0,1%" for a share that would round to nothing.
    pub fn percent_whole(&self, value: Percent) -> String {
        let hundredths = value.hundredths();
        if !(0..1000).contains(&hundredths) {
            let rounded = (hundredths + 50).div_euclid(100);
            return format!("{}%", self.group(&rounded.to_string()));
        }
        match (hundredths + 5) / 10 {
            0 if hundredths > 0 => format!("<0{}1%", self.decimal),
            tenths if tenths % 10 == 0 => format!("{}%", tenths / 10),
            tenths => format!("{}{}{}%", tenths / 10, self.decimal, tenths % 10),
        }
    }

    /// 31 Oktober 2026
    pub fn date(&self, date: Date) -> String {
        let (year, month, day) = date.parts();
        format!("{day} {} {year}", self.months[month as usize - 1])
    }

    /// Oktober 2026
    pub fn month(&self, month: Month) -> String {
        format!(
            "{} {}",
            self.months[month.number() as usize - 1],
            month.year()
        )
    }

    /// Okt: for chart axes.
    pub fn month_short(&self, month: Month) -> &'static str {
        self.short_months[month.number() as usize - 1]
    }

    /// 12,5 hari
    pub fn days(&self, days: HalfDays) -> String {
        let number = if days.has_half() {
            format!("{}{}5", self.count(days.whole_days() as u64), self.decimal)
        } else {
            self.count(days.whole_days() as u64)
        };
        let unit = if days == HalfDays(2) {
            self.day
        } else {
            self.days
        };
        format!("{number} {unit}")
    }

    pub fn value(&self, value: &Value) -> String {
        match value {
            Value::Count(count) => self.count(*count),
            Value::Money(money) => self.money(*money),
            Value::Percent(percent) => self.percent_fixed(*percent),
            Value::Days(days) => self.days(*days),
            Value::Date(date) => self.date(*date),
            Value::Month(month) => self.month(*month),
            Value::Text(text) => text.clone(),
            Value::Missing => "–".to_string(),
        }
    }

    fn group(&self, digits: &str) -> String {
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                grouped.push(self.thousands);
            }
            grouped.push(digit);
        }
        grouped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: Locale = INDONESIAN;

    #[test]
    fn indonesian_numbers_follow_puebi() {
        assert_eq!(ID.count(3450), "3.450");
        assert_eq!(ID.count(0), "0");
        assert_eq!(ID.count(999), "999");
        assert_eq!(ID.count(1_000_000), "1.000.000");
        assert_eq!(ID.money(670_680_000), "Rp670.680.000");
        assert_eq!(ID.money(16_200), "Rp16.200");
        assert_eq!(ID.percent_axis(Percent(1250)), "12,5%");
        assert_eq!(ID.percent_axis(Percent(8333)), "83,33%");
        assert_eq!(ID.percent_axis(Percent(10000)), "100%");
        assert_eq!(ID.percent_axis(Percent(7)), "0,07%");
        assert_eq!(ID.percent_fixed(Percent(5750)), "57,50%");
        assert_eq!(ID.percent_fixed(Percent(7)), "0,07%");
        assert_eq!(ID.percent_whole(Percent(3149)), "31%");
        assert_eq!(ID.percent_whole(Percent(3150)), "32%");
        assert_eq!(ID.percent_whole(Percent(1000)), "10%");
        assert_eq!(ID.percent_whole(Percent(996)), "10%");
        assert_eq!(ID.percent_whole(Percent(66)), "0,7%");
        assert_eq!(ID.percent_whole(Percent(300)), "3%");
        assert_eq!(ID.percent_whole(Percent(4)), "<0,1%");
        assert_eq!(ID.percent_whole(Percent(0)), "0%");
        assert_eq!(ID.hundredths(123_456), "1.234,56");
        assert_eq!(ID.hundredths(7), "0,07");
    }

    #[test]
    fn short_money_for_axes() {
        assert_eq!(ID.money_short(670_680_000), "Rp670,7 jt");
        assert_eq!(ID.money_short(42_000_000), "Rp42 jt");
        assert_eq!(ID.money_short(1_250_000_000), "Rp1,3 M");
        assert_eq!(ID.money_short(0), "Rp0");
    }

    #[test]
    fn english_numbers_money_and_dates() {
        const EN: Locale = ENGLISH;
        assert_eq!(EN.count(3450), "3,450");
        assert_eq!(EN.money(670_680_000), "IDR 670,680,000");
        assert_eq!(EN.percent_axis(Percent(1250)), "12.5%");
        assert_eq!(EN.percent_fixed(Percent(5750)), "57.50%");
        assert_eq!(EN.money_short(670_680_000), "IDR 670.7m");
        assert_eq!(
            EN.date(Date::parse("2026-01-26").unwrap()),
            "26 January 2026"
        );
        assert_eq!(EN.days(HalfDays(25)), "12.5 days");
        assert_eq!(EN.days(HalfDays(2)), "1 day");
        assert_eq!(Locale::of("en"), Some(ENGLISH));
        assert_eq!(Locale::of("fr"), None);
    }

    #[test]
    fn indonesian_dates() {
        assert_eq!(
            ID.date(Date::parse("2026-01-26").unwrap()),
            "26 Januari 2026"
        );
        assert_eq!(ID.month(Month::parse("2026-10").unwrap()), "Oktober 2026");
        assert_eq!(ID.month_short(Month::parse("2026-08").unwrap()), "Agu");
        assert_eq!(ID.days(HalfDays(25)), "12,5 hari");
    }
}
