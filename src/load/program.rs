//! `data/program.toml`: what the program is (its name, period, as_of,
//! target, contribution and benefits), checked field by field with the
//! place of each problem.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::config::{
    KNOWN_BENEFITS, parse_toml, read, refuse_control_characters, refuse_personal_data, require_text,
};
use super::id::Id;
use crate::calendar::{Date, Month, Years};
use crate::diag::{Diagnostic, Diagnostics};

pub const PROGRAM_FILE: &str = "data/program.toml";

/// The longest program period a site reports: ten years, twice a
/// five-year plan. Every month of the period is counted and charted, so a
/// mistyped year (9999-12) would make a build of thousands of months.
const MOST_PERIOD_MONTHS: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub name: String,
    pub administrator: String,
    pub region: String,
    pub insurer: String,
    pub start: Month,
    pub end: Month,
    pub as_of: Date,
    /// The month of as_of, worked out once: every member row is checked against it.
    as_of_month: Month,
    pub target_members: u64,
    pub contribution: i64,
    /// Sorted alphabetically, as published tables order them.
    pub benefits: Vec<String>,
}

/// A benefit of the program, named by its code in [`Program::benefits`].
pub enum Benefit {}

/// A benefit's place in [`Program::benefits`].
pub type BenefitId = Id<Benefit>;

impl Program {
    /// The code of a benefit.
    pub fn benefit(&self, id: BenefitId) -> &str {
        &self.benefits[id.index()]
    }

    /// The month of as_of.
    pub fn as_of_month(&self) -> Month {
        self.as_of_month
    }

    /// The years of the period, which name its annual report; never the
    /// as_of year, which is later for a period's final data.
    pub fn years(&self) -> Years {
        Years::spanning(self.start, self.end)
    }

    /// The last reported month: min(end, as-of month).
    pub fn last_reported_month(&self) -> Month {
        self.end.min(self.as_of_month())
    }

    /// Whether the data cover the whole period (as_of on or after its last
    /// day): the annual report is final, not interim.
    pub fn is_final(&self) -> bool {
        self.as_of >= self.end.last_day()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    name: Spanned<String>,
    administrator: Spanned<String>,
    region: Spanned<String>,
    insurer: Spanned<String>,
    start: Spanned<String>,
    end: Spanned<String>,
    as_of: Spanned<toml::Value>,
    target_members: Spanned<toml::Value>,
    contribution: Spanned<toml::Value>,
    benefits: Spanned<Vec<Spanned<String>>>,
}

pub fn load_program(root: &Path, diagnostics: &mut Diagnostics) -> Option<Program> {
    let text = read(root, PROGRAM_FILE, diagnostics)?;
    let raw: RawProgram = parse_toml(PROGRAM_FILE, &text, diagnostics)?;
    let errors_before = diagnostics.error_count();
    refuse_control_characters(PROGRAM_FILE, &text, diagnostics);
    for (value, key, meaning) in [
        (&raw.name, "name", "the program's name"),
        (
            &raw.administrator,
            "administrator",
            "the agency that runs it, e.g. \"Dinas Tenaga Kerja Kabupaten Lebak\"",
        ),
        (
            &raw.region,
            "region",
            "the area it covers, e.g. \"Kabupaten Lebak\"",
        ),
        (&raw.insurer, "insurer", "e.g. \"BPJS Ketenagakerjaan\""),
    ] {
        refuse_personal_data(PROGRAM_FILE, &text, value, diagnostics);
        require_text(PROGRAM_FILE, &text, value, key, meaning, diagnostics);
    }
    let target_members = whole_number(
        &text,
        &raw.target_members,
        "target_members",
        &WORKERS,
        diagnostics,
    );
    let contribution = whole_number(
        &text,
        &raw.contribution,
        "contribution",
        &RUPIAH,
        diagnostics,
    );
    let mut error = |span: std::ops::Range<usize>, message: String, hint: &str| {
        diagnostics.push(Diagnostic::error_at(PROGRAM_FILE, &text, span, message).with_hint(hint));
    };
    let mut month = |field: &Spanned<String>, key: &str| {
        let parsed = Month::parse(field.get_ref());
        if parsed.is_none() {
            error(
                field.span(),
                format!("{key} '{}' is not a month", field.get_ref()),
                "write a month as \"YYYY-MM\", e.g. \"2026-01\"",
            );
        }
        parsed
    };
    let start = month(&raw.start, "start");
    let end = month(&raw.end, "end");
    let as_of = match raw.as_of.get_ref() {
        toml::Value::String(text) => Date::parse(text),
        toml::Value::Datetime(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
            Date::parse(&datetime.to_string())
        }
        _ => None,
    };
    if as_of.is_none() {
        error(
            raw.as_of.span(),
            "as_of is not a date".to_string(),
            "write the data cut-off as 2026-10-31 or \"2026-10-31\"",
        );
    }
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        error(
            raw.end.span(),
            format!("end {end} is before start {start}"),
            "the period runs from start to end",
        );
    }
    if let (Some(start), Some(end)) = (start, end)
        && start.span_to(end) as usize > MOST_PERIOD_MONTHS
    {
        error(
            raw.end.span(),
            format!(
                "the period from {start} to {end} is {} months, more than the {MOST_PERIOD_MONTHS} (ten years) a site reports",
                start.span_to(end)
            ),
            "a site reports one program period, such as a budget year or a five-year plan: check the year of end",
        );
    }
    if let (Some(start), Some(as_of)) = (start, as_of)
        && as_of < start.first_day()
    {
        error(
            raw.as_of.span(),
            format!("as_of {as_of} is before the period starts ({start})"),
            "as_of is the date the data was cut off",
        );
    }
    if let (Some(end), Some(as_of)) = (end, as_of)
        && end.span_to(as_of.month()) as usize > MOST_PERIOD_MONTHS + 1
    {
        error(
            raw.as_of.span(),
            format!(
                "as_of {as_of} is more than {MOST_PERIOD_MONTHS} months (ten years) after the period ends ({end})"
            ),
            "as_of is the date the data was cut off: check its year",
        );
    }
    if let Some(target) = target_members
        && target <= 0
    {
        error(
            raw.target_members.span(),
            format!("target_members is {target}: it must be positive"),
            "the number of workers the program set out to cover, e.g. 3450",
        );
    }
    if let Some(amount) = contribution
        && !(1..=super::values::MAX_MONEY).contains(&amount)
    {
        let problem = if amount <= 0 {
            "it must be positive"
        } else {
            "that is not a plausible amount"
        };
        error(
            raw.contribution.span(),
            format!("contribution is {amount}: {problem}"),
            "Rupiah per member per month paid to the insurer, e.g. 16200",
        );
    }
    let mut benefits: Vec<String> = Vec::new();
    for benefit in raw.benefits.get_ref() {
        let code = benefit.get_ref();
        if !KNOWN_BENEFITS.contains(&code.as_str()) {
            error(
                benefit.span(),
                format!("unknown benefit '{code}'"),
                "benefits are listed by code: \"JKK\", \"JKM\"",
            );
        } else if benefits.contains(code) {
            error(
                benefit.span(),
                format!("benefit '{code}' is listed twice"),
                "list each benefit once",
            );
        } else {
            benefits.push(code.clone());
        }
    }
    if raw.benefits.get_ref().is_empty() {
        error(
            raw.benefits.span(),
            "benefits is empty".to_string(),
            "list the benefits covered, e.g. [\"JKK\", \"JKM\"]",
        );
    }
    benefits.sort();
    if diagnostics.error_count() > errors_before {
        return None;
    }
    Some(Program {
        name: raw.name.into_inner(),
        administrator: raw.administrator.into_inner(),
        region: raw.region.into_inner(),
        insurer: raw.insurer.into_inner(),
        start: start?,
        end: end?,
        as_of: as_of?,
        as_of_month: as_of?.month(),
        target_members: target_members? as u64,
        contribution: contribution?,
        benefits,
    })
}

/// What a whole number of `program.toml` counts, for its messages.
struct Unit {
    name: &'static str,
    how: &'static str,
    example: &'static str,
}

const RUPIAH: Unit = Unit {
    name: "Rupiah",
    how: "write Rupiah as plain digits, without quotes, dots or Rp",
    example: "16200",
};

const WORKERS: Unit = Unit {
    name: "workers",
    how: "write the count as plain digits, without quotes or dots",
    example: "3450",
};

/// The integer of a count or an amount of money; anything else (`"16.200"`,
/// `16.200`, which TOML reads as sixteen point two) is reported with the
/// digits written as TOML wants them.
fn whole_number(
    text: &str,
    value: &Spanned<toml::Value>,
    key: &str,
    unit: &Unit,
    diagnostics: &mut Diagnostics,
) -> Option<i64> {
    if let toml::Value::Integer(number) = value.get_ref() {
        return Some(*number);
    }
    let written = text.get(value.span()).unwrap_or_default();
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    let example = if digits.is_empty() {
        unit.example
    } else {
        &digits
    };
    diagnostics.push(
        Diagnostic::error_at(
            PROGRAM_FILE,
            text,
            value.span(),
            format!("{key} {written} is not a whole number of {}", unit.name),
        )
        .with_hint(format!("{}: {key} = {example}", unit.how)),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program_in(text: &str) -> (Option<Program>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join(PROGRAM_FILE), text).unwrap();
        let mut diagnostics = Diagnostics::default();
        let program = load_program(dir.path(), &mut diagnostics);
        (
            program,
            diagnostics.sorted().iter().map(|d| d.to_string()).collect(),
        )
    }

    const VALID: &str = r#"name = "P"
administrator = "A"
region = "R"
insurer = "I"
start = "2026-01"
end = "2026-12"
as_of = 2026-10-31
target_members = 3450
contribution = 16200
benefits = ["JKM", "JKK"]
"#;

    #[test]
    fn reads_a_valid_program_with_a_toml_date() {
        let (program, problems) = program_in(VALID);
        assert!(problems.is_empty(), "{problems:?}");
        let program = program.unwrap();
        assert_eq!(program.as_of.to_string(), "2026-10-31");
        assert_eq!(program.benefits, ["JKK", "JKM"]);
        assert_eq!(program.last_reported_month().to_string(), "2026-10");
    }

    #[test]
    fn the_data_are_final_once_as_of_reaches_the_last_day_of_the_period() {
        for (as_of, final_data) in [
            ("2026-10-31", false),
            ("2026-12-30", false),
            ("2026-12-31", true),
            ("2027-02-15", true),
        ] {
            let (program, problems) = program_in(&VALID.replace("2026-10-31", as_of));
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(program.unwrap().is_final(), final_data, "{as_of}");
        }
    }

    #[test]
    fn reports_every_bad_field_at_its_place() {
        let text = VALID
            .replace("\"2026-01\"", "\"2026-1\"")
            .replace("2026-10-31", "\"31-10-2026\"")
            .replace("\"JKM\"", "\"JKN\"");
        let (program, problems) = program_in(&text);
        assert!(program.is_none());
        assert_eq!(
            problems,
            [
                "data/program.toml:5:9: error: start '2026-1' is not a month\n  hint: write a month as \"YYYY-MM\", e.g. \"2026-01\"",
                "data/program.toml:7:9: error: as_of is not a date\n  hint: write the data cut-off as 2026-10-31 or \"2026-10-31\"",
                "data/program.toml:10:13: error: unknown benefit 'JKN'\n  hint: benefits are listed by code: \"JKK\", \"JKM\"",
            ]
        );
    }

    #[test]
    fn a_period_or_a_cut_off_years_away_is_an_error_not_a_build_of_every_month() {
        let problems = |start: &str, end: &str, as_of: &str| {
            let text = VALID
                .replace("\"2026-01\"", &format!("\"{start}\""))
                .replace("\"2026-12\"", &format!("\"{end}\""))
                .replace("2026-10-31", as_of);
            program_in(&text).1
        };
        assert!(problems("2022-01", "2031-12", "2031-12-31").is_empty());
        assert!(problems("2026-01", "2026-12", "2036-12-31").is_empty());
        assert_eq!(
            problems("2026-01", "9999-12", "2026-10-31"),
            [
                "data/program.toml:6:7: error: the period from 2026-01 to 9999-12 is 95688 months, more than the 120 (ten years) a site reports\n  hint: a site reports one program period, such as a budget year or a five-year plan: check the year of end"
            ]
        );
        assert_eq!(
            problems("2026-01", "2026-12", "9999-12-31"),
            [
                "data/program.toml:7:9: error: as_of 9999-12-31 is more than 120 months (ten years) after the period ends (2026-12)\n  hint: as_of is the date the data was cut off: check its year"
            ]
        );
    }

    #[test]
    fn reports_toml_syntax_errors_with_position() {
        let (_, problems) = program_in("name = \"P\nregion = 1\n");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("data/program.toml:1:"),
            "{problems:?}"
        );
    }

    #[test]
    fn refuses_control_characters_in_any_string_at_its_key() {
        let text = VALID
            .replace("region = \"R\"", "region = \"R\\u202Eevil\"")
            .replace("insurer = \"I\"", "insurer = \"I\\u0000\"")
            .replace(
                "benefits = [\"JKM\", \"JKK\"]",
                "benefits = [\"JKM\", \"JKK\\n\"]",
            );
        let (program, problems) = program_in(&text);
        assert!(program.is_none());
        let hint = "\n  hint: remove it: text is written as it is into every page, the data files and the report";
        assert_eq!(
            problems[..3],
            [
                format!(
                    "data/program.toml:3:1: error: region holds a line break or another control character (U+202E){hint}"
                ),
                format!(
                    "data/program.toml:4:1: error: insurer holds a line break or another control character (U+0000){hint}"
                ),
                format!(
                    "data/program.toml:10:1: error: benefits holds a line break or another control character (U+000A){hint}"
                ),
            ]
        );
    }

    #[test]
    fn refuses_empty_names_and_amounts_that_are_not_positive() {
        let text = VALID
            .replace("name = \"P\"", "name = \"\"")
            .replace("region = \"R\"", "region = \"   \"")
            .replace("target_members = 3450", "target_members = 0")
            .replace("contribution = 16200", "contribution = 0");
        let (program, problems) = program_in(&text);
        assert!(program.is_none());
        assert_eq!(
            problems,
            [
                "data/program.toml:1:8: error: name is empty\n  hint: every page shows it: write the program's name",
                "data/program.toml:3:10: error: region is empty\n  hint: every page shows it: write the area it covers, e.g. \"Kabupaten Lebak\"",
                "data/program.toml:8:18: error: target_members is 0: it must be positive\n  hint: the number of workers the program set out to cover, e.g. 3450",
                "data/program.toml:9:16: error: contribution is 0: it must be positive\n  hint: Rupiah per member per month paid to the insurer, e.g. 16200",
            ]
        );
    }

    #[test]
    fn an_amount_written_with_thousands_separators_gets_a_digits_hint() {
        for (written, shown) in [
            ("\"16.200\"", "\"16.200\""),
            ("16.200", "16.200"),
            ("\"Rp16.200\"", "\"Rp16.200\""),
        ] {
            let text = VALID.replace("contribution = 16200", &format!("contribution = {written}"));
            let (program, problems) = program_in(&text);
            assert!(program.is_none());
            assert_eq!(
                problems,
                [format!(
                    "data/program.toml:9:16: error: contribution {shown} is not a whole number of Rupiah\n  hint: write Rupiah as plain digits, without quotes, dots or Rp: contribution = 16200"
                )]
            );
        }
        let text = VALID.replace("target_members = 3450", "target_members = \"3.450\"");
        let (_, problems) = program_in(&text);
        assert_eq!(
            problems,
            [
                "data/program.toml:8:18: error: target_members \"3.450\" is not a whole number of workers\n  hint: write the count as plain digits, without quotes or dots: target_members = 3450"
            ]
        );
    }
}
