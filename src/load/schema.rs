//! The contract's input tables as the people who fill them in see them:
//! each table's columns in the contract's order, whether each is required,
//! the kind of value it takes and an example. Declared once for what
//! describes the input to officers (the spreadsheet template of `jaring
//! template` and its README); the loaders check the same columns, and a
//! test holds the two together through the example's files.

use crate::load::config::KNOWN_BENEFITS;
use crate::load::members::AGE_BANDS;

/// The statuses a claim may have (`claims.status`).
pub const CLAIM_STATUSES: [&str; 3] = ["paid", "in_process", "rejected"];

/// The values of `members.gender`.
pub const GENDERS: [&str; 2] = ["L", "P"];

/// The kind of value a column takes, as a spreadsheet should hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// An opaque pseudonym (`member_id`, `claim_id`): text, never a number.
    Pseudonym,
    /// A code a table declares (`sectors.code`, `districts.code`): text.
    Code,
    /// A code declared by another table's `code` column (its sheet's name).
    CodeOf(&'static str),
    /// One of a fixed list.
    OneOf(&'static [&'static str]),
    /// Free text (names, references, budget lines).
    Text,
    /// `YYYY-MM`, kept as text so a spreadsheet does not make it a date.
    Month,
    /// `YYYY-MM-DD`.
    Date,
    /// A whole number of people.
    Count,
    /// Whole Rupiah.
    Money,
}

impl ValueKind {
    /// Whether a spreadsheet must keep the column as text: ids, codes and
    /// months that a spreadsheet would otherwise turn into numbers or dates.
    pub fn is_text(self) -> bool {
        !matches!(self, ValueKind::Date | ValueKind::Count | ValueKind::Money)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputColumn {
    pub name: &'static str,
    /// Whether the column must be there (an optional one may be left out,
    /// or kept with empty cells).
    pub required: bool,
    pub kind: ValueKind,
    /// A value as the contract writes it.
    pub example: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputTable {
    /// Its file is `data/NAME.csv`; its sheet in a workbook is `NAME`.
    pub name: &'static str,
    pub columns: &'static [InputColumn],
}

impl InputTable {
    pub fn column(&self, name: &str) -> Option<&InputColumn> {
        self.columns.iter().find(|column| column.name == name)
    }
}

const fn required(name: &'static str, kind: ValueKind, example: &'static str) -> InputColumn {
    InputColumn {
        name,
        required: true,
        kind,
        example,
    }
}

const fn optional(name: &'static str, kind: ValueKind, example: &'static str) -> InputColumn {
    InputColumn {
        name,
        required: false,
        kind,
        example,
    }
}

/// Every input table, code lists first (the others refer to them).
pub const INPUT_TABLES: [InputTable; 6] = [
    InputTable {
        name: "sectors",
        columns: &[
            required("code", ValueKind::Code, "buruh_tani"),
            required("name_id", ValueKind::Text, "Buruh tani"),
            required("name_en", ValueKind::Text, "Farm labourers"),
        ],
    },
    InputTable {
        name: "districts",
        columns: &[
            required("code", ValueKind::Code, "36.02.01"),
            required("name", ValueKind::Text, "Malingping"),
            optional("eligible", ValueKind::Count, "2690"),
        ],
    },
    InputTable {
        name: "members",
        columns: &[
            required("member_id", ValueKind::Pseudonym, "LBK-7Q2M9X"),
            required("sector", ValueKind::CodeOf("sectors"), "buruh_tani"),
            required("district", ValueKind::CodeOf("districts"), "36.02.01"),
            optional("gender", ValueKind::OneOf(&GENDERS), "P"),
            optional("age_band", ValueKind::OneOf(&AGE_BANDS), "35-44"),
            required("covered_from", ValueKind::Month, "2026-01"),
            optional("covered_until", ValueKind::Month, "2026-12"),
        ],
    },
    InputTable {
        name: "payments",
        columns: &[
            required("month", ValueKind::Month, "2026-03"),
            required("paid_on", ValueKind::Date, "2026-03-10"),
            required("members", ValueKind::Count, "3280"),
            required("amount", ValueKind::Money, "53136000"),
            optional("reference", ValueKind::Text, "01104/SP2D/LS/2026"),
        ],
    },
    InputTable {
        name: "claims",
        columns: &[
            required("claim_id", ValueKind::Pseudonym, "KLM-2026-00001"),
            required("member_id", ValueKind::Pseudonym, "LBK-7Q2M9X"),
            required("benefit", ValueKind::OneOf(&KNOWN_BENEFITS), "JKK"),
            required("incident_date", ValueKind::Date, "2026-04-02"),
            required("status", ValueKind::OneOf(&CLAIM_STATUSES), "paid"),
            optional("paid_on", ValueKind::Date, "2026-04-20"),
            optional("amount", ValueKind::Money, "2207200"),
        ],
    },
    InputTable {
        name: "budget",
        columns: &[
            required(
                "item",
                ValueKind::Text,
                "Bantuan iuran JKK dan JKM pekerja rentan 2026",
            ),
            required("source", ValueKind::Text, "APBD"),
            required("allocated", ValueKind::Money, "670680000"),
        ],
    },
];

/// The input table of a name.
pub fn input_table(name: &str) -> Option<&'static InputTable> {
    INPUT_TABLES.iter().find(|table| table.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example's files, which the loaders accept: every column the
    /// loaders know, required and optional, in the contract's order.
    const EXAMPLE_HEADERS: [(&str, &str); 6] = [
        ("sectors", include_str!("../../data/sectors.csv")),
        ("districts", include_str!("../../data/districts.csv")),
        ("members", include_str!("../../data/members.csv")),
        ("payments", include_str!("../../data/payments.csv")),
        ("claims", include_str!("../../data/claims.csv")),
        ("budget", include_str!("../../data/budget.csv")),
    ];

    #[test]
    fn every_input_table_has_the_columns_of_the_example_files() {
        for (name, text) in EXAMPLE_HEADERS {
            let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
            let declared: Vec<&str> = input_table(name)
                .unwrap()
                .columns
                .iter()
                .map(|c| c.name)
                .collect();
            assert_eq!(declared, header, "{name}");
        }
        assert_eq!(INPUT_TABLES.len(), EXAMPLE_HEADERS.len());
    }

    #[test]
    fn every_listed_value_of_the_example_is_allowed() {
        for (name, text) in EXAMPLE_HEADERS {
            let table = input_table(name).unwrap();
            let mut lines = text.lines();
            let header: Vec<&str> = lines.next().unwrap().split(',').collect();
            for line in lines {
                for (column, value) in header.iter().zip(line.split(',')) {
                    if let ValueKind::OneOf(values) = table.column(column).unwrap().kind {
                        assert!(
                            value.is_empty() || values.contains(&value),
                            "{name}.{column}: {value}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn code_references_name_a_table_with_a_code_column() {
        for table in INPUT_TABLES {
            for column in table.columns {
                if let ValueKind::CodeOf(target) = column.kind {
                    let target = input_table(target).unwrap();
                    assert_eq!(target.column("code").unwrap().kind, ValueKind::Code);
                }
            }
        }
    }
}
