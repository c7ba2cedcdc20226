//! The published data files of the contract (`output/data/`): every table as
//! CSV and its JSON twin from the same rows, `summary.json`, and a
//! Frictionless `datapackage.json` describing them.

use crate::load::releases::sha256_hex;
use serde_json::{Map, Value as Json, json};

use crate::model::{Model, Percent, versions};
use crate::render::OutputFile;
use crate::render::history::History;
use crate::render::strings::Strings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    /// A count of people, claims or months.
    Integer,
    /// Whole Rupiah.
    Money,
    /// A percentage with two decimals (`83.33`).
    Percent,
}

impl Kind {
    pub fn frictionless(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Integer | Kind::Money => "integer",
            Kind::Percent => "number",
        }
    }

    /// The key of its name in the strings files (`teks`, `bilangan bulat`).
    pub fn type_key(self) -> &'static str {
        match self {
            Kind::String => "data.type_string",
            Kind::Integer | Kind::Money => "data.type_integer",
            Kind::Percent => "data.type_number",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: &'static str,
    pub kind: Kind,
}

const fn text(name: &'static str) -> ColumnDef {
    ColumnDef {
        name,
        kind: Kind::String,
    }
}

const fn integer(name: &'static str) -> ColumnDef {
    ColumnDef {
        name,
        kind: Kind::Integer,
    }
}

const fn money(name: &'static str) -> ColumnDef {
    ColumnDef {
        name,
        kind: Kind::Money,
    }
}

const fn percent(name: &'static str) -> ColumnDef {
    ColumnDef {
        name,
        kind: Kind::Percent,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Integer(i64),
    Percent(Percent),
    /// Hidden to protect privacy: empty in CSV, null in JSON, and in the
    /// workbook an empty cell with a note saying why.
    Suppressed,
    /// Not computable (no estimate to divide by) or not published as a
    /// number (a revision of a hidden cell): empty in CSV, null in JSON.
    Null,
}

impl Cell {
    fn count(value: Option<u64>) -> Cell {
        value.map_or(Cell::Null, |v| Cell::Integer(v as i64))
    }

    fn percent(value: Option<Percent>) -> Cell {
        value.map_or(Cell::Null, Cell::Percent)
    }

    /// A cell of a row that may be suppressed: `cell` is None only there.
    fn hideable(cell: Option<Cell>) -> Cell {
        cell.unwrap_or(Cell::Suppressed)
    }

    fn text(value: impl ToString) -> Cell {
        Cell::Text(value.to_string())
    }

    /// A cell as a CSV published it: empty is suppressed.
    fn published(text: &str) -> Cell {
        if text.is_empty() {
            Cell::Null
        } else {
            Cell::text(text)
        }
    }
}

/// A published table, named by [`TableId::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableId {
    CoverageByMonth,
    CoverageBySector,
    CoverageByDistrict,
    CoverageRateByDistrict,
    BudgetByMonth,
    ClaimsByMonth,
    ClaimsBySector,
    ClaimsByDistrict,
    Revisions,
}

impl TableId {
    /// Its files are `data/NAME.csv` and `data/NAME.json`.
    pub const fn name(self) -> &'static str {
        match self {
            TableId::CoverageByMonth => "coverage_by_month",
            TableId::CoverageBySector => versions::COVERAGE_BY_SECTOR.name,
            TableId::CoverageByDistrict => versions::COVERAGE_BY_DISTRICT.name,
            TableId::CoverageRateByDistrict => "coverage_rate_by_district",
            TableId::BudgetByMonth => "budget_by_month",
            TableId::ClaimsByMonth => "claims_by_month",
            TableId::ClaimsBySector => versions::CLAIMS_BY_SECTOR.name,
            TableId::ClaimsByDistrict => versions::CLAIMS_BY_DISTRICT.name,
            TableId::Revisions => "revisions",
        }
    }
}

/// One published table: `output/data/{name}.csv` and `.json`.
#[derive(Debug, Clone)]
pub struct DataTable {
    pub id: TableId,
    pub columns: Vec<ColumnDef>,
    pub primary_key: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

const COVERAGE_BY_MONTH: [ColumnDef; 2] = [text("month"), integer("members")];
const COVERAGE_BY_SECTOR: [ColumnDef; 5] = [
    text("sector"),
    text("sector_name"),
    integer("members_current"),
    integer("members_ever"),
    integer("member_months"),
];
const COVERAGE_BY_DISTRICT: [ColumnDef; 5] = [
    text("district"),
    text("district_name"),
    integer("members_current"),
    integer("members_ever"),
    integer("member_months"),
];
const COVERAGE_RATE_BY_DISTRICT: [ColumnDef; 5] = [
    text("district"),
    text("district_name"),
    integer("eligible"),
    integer("members_current"),
    percent("coverage_pct"),
];
const BUDGET_BY_MONTH: [ColumnDef; 5] = [
    text("month"),
    integer("members_billed"),
    money("amount"),
    money("cumulative_amount"),
    percent("cumulative_pct"),
];
const CLAIMS_BY_MONTH: [ColumnDef; 4] = [
    text("month"),
    text("benefit"),
    integer("claims"),
    money("amount"),
];
const CLAIMS_BY_SECTOR: [ColumnDef; 5] = [
    text("sector"),
    text("sector_name"),
    text("benefit"),
    integer("claims"),
    money("amount"),
];
const CLAIMS_BY_DISTRICT: [ColumnDef; 5] = [
    text("district"),
    text("district_name"),
    text("benefit"),
    integer("claims"),
    money("amount"),
];

const REVISIONS: [ColumnDef; 8] = [
    text("release"),
    text("previous_release"),
    text("table"),
    text("key"),
    text("column"),
    text("old_value"),
    text("new_value"),
    text("kind"),
];

/// `revisions.csv`: every published cell that changed between a version
/// and the one before it.
pub fn revisions_table(history: &History) -> DataTable {
    DataTable {
        id: TableId::Revisions,
        columns: REVISIONS.to_vec(),
        primary_key: &["release", "table", "key", "column"],
        rows: history
            .revisions
            .iter()
            .map(|revision| {
                vec![
                    Cell::text(revision.release),
                    Cell::text(revision.previous_release),
                    Cell::text(&revision.table),
                    Cell::text(&revision.key),
                    Cell::text(&revision.column),
                    Cell::published(&revision.old_value),
                    Cell::published(&revision.new_value),
                    Cell::text(revision.kind.name()),
                ]
            })
            .collect(),
    }
}

/// Every published table, in the order the Data page lists them.
pub fn tables(model: &Model) -> Vec<DataTable> {
    vec![
        DataTable {
            id: TableId::CoverageByMonth,
            columns: COVERAGE_BY_MONTH.to_vec(),
            primary_key: &["month"],
            rows: model
                .coverage_by_month
                .iter()
                .map(|r| vec![Cell::text(r.month), Cell::Integer(r.members as i64)])
                .collect(),
        },
        DataTable {
            id: TableId::CoverageBySector,
            columns: COVERAGE_BY_SECTOR.to_vec(),
            primary_key: versions::COVERAGE_BY_SECTOR.key,
            rows: coverage_rows(&model.coverage_by_sector),
        },
        DataTable {
            id: TableId::CoverageByDistrict,
            columns: COVERAGE_BY_DISTRICT.to_vec(),
            primary_key: versions::COVERAGE_BY_DISTRICT.key,
            rows: coverage_rows(&model.coverage_by_district),
        },
        DataTable {
            id: TableId::CoverageRateByDistrict,
            columns: COVERAGE_RATE_BY_DISTRICT.to_vec(),
            primary_key: &["district"],
            rows: model
                .coverage_rate_by_district
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(&r.code),
                        Cell::text(&r.name.published),
                        Cell::count(r.eligible),
                        if r.suppressed {
                            Cell::Suppressed
                        } else {
                            Cell::count(r.members_current)
                        },
                        if r.suppressed {
                            Cell::Suppressed
                        } else {
                            Cell::percent(r.coverage_pct)
                        },
                    ]
                })
                .collect(),
        },
        DataTable {
            id: TableId::BudgetByMonth,
            columns: BUDGET_BY_MONTH.to_vec(),
            primary_key: &["month"],
            rows: model
                .budget_by_month
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(r.month),
                        Cell::Integer(r.members_billed as i64),
                        Cell::Integer(r.amount),
                        Cell::Integer(r.cumulative_amount),
                        Cell::percent(r.cumulative_pct),
                    ]
                })
                .collect(),
        },
        DataTable {
            id: TableId::ClaimsByMonth,
            columns: CLAIMS_BY_MONTH.to_vec(),
            primary_key: &["month", "benefit"],
            rows: model
                .claims_by_month
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(r.month),
                        Cell::text(&r.benefit),
                        Cell::Integer(r.claims as i64),
                        Cell::Integer(r.amount),
                    ]
                })
                .collect(),
        },
        DataTable {
            id: TableId::ClaimsBySector,
            columns: CLAIMS_BY_SECTOR.to_vec(),
            primary_key: versions::CLAIMS_BY_SECTOR.key,
            rows: claims_rows(&model.claims_by_sector),
        },
        DataTable {
            id: TableId::ClaimsByDistrict,
            columns: CLAIMS_BY_DISTRICT.to_vec(),
            primary_key: versions::CLAIMS_BY_DISTRICT.key,
            rows: claims_rows(&model.claims_by_district),
        },
    ]
}

impl DataTable {
    pub fn name(&self) -> &'static str {
        self.id.name()
    }

    /// The same rows with only `names` of the columns, in that order.
    /// Panics at a name the table lacks: the figure registry names only
    /// columns of the table it declares, which every build checks here.
    pub fn select(&self, names: &[&str]) -> DataTable {
        let indices: Vec<usize> = names
            .iter()
            .map(|name| {
                self.columns
                    .iter()
                    .position(|c| c.name == *name)
                    .unwrap_or_else(|| panic!("{} has no column {name}", self.name()))
            })
            .collect();
        DataTable {
            id: self.id,
            columns: indices.iter().map(|&i| self.columns[i]).collect(),
            primary_key: self.primary_key,
            rows: self
                .rows
                .iter()
                .map(|row| indices.iter().map(|&i| row[i].clone()).collect())
                .collect(),
        }
    }
}

fn coverage_rows(rows: &[crate::model::CoverageRow]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|r| {
            vec![
                Cell::text(&r.code),
                Cell::text(&r.name.published),
                Cell::hideable(r.members_current.map(|v| Cell::Integer(v as i64))),
                Cell::hideable(r.members_ever.map(|v| Cell::Integer(v as i64))),
                Cell::hideable(r.member_months.map(|v| Cell::Integer(v as i64))),
            ]
        })
        .collect()
}

fn claims_rows(rows: &[crate::model::ClaimsRow]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|r| {
            vec![
                Cell::text(&r.code),
                Cell::text(&r.name.published),
                Cell::text(&r.benefit),
                Cell::hideable(r.claims.map(|v| Cell::Integer(v as i64))),
                Cell::hideable(r.amount.map(Cell::Integer)),
            ]
        })
        .collect()
}

/// A text cell that a spreadsheet would run as a formula gets a leading `'`
/// (OWASP's advice against CSV injection); other text is unchanged.
pub fn neutralise_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

impl DataTable {
    pub fn csv(&self) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let write = |writer: &mut csv::Writer<Vec<u8>>| -> csv::Result<()> {
            writer.write_record(self.columns.iter().map(|c| c.name))?;
            for row in &self.rows {
                writer.write_record(row.iter().map(|cell| match cell {
                    Cell::Text(text) => neutralise_formula(text).into_owned(),
                    Cell::Integer(value) => value.to_string(),
                    Cell::Percent(percent) => percent.plain(),
                    Cell::Suppressed | Cell::Null => String::new(),
                }))?;
            }
            writer.flush()?;
            Ok(())
        };
        write(&mut writer).expect("writing CSV to memory cannot fail");
        writer
            .into_inner()
            .expect("flushing CSV to memory cannot fail")
    }

    pub fn json(&self) -> Vec<u8> {
        let rows: Vec<Json> = self
            .rows
            .iter()
            .map(|row| {
                let object: Map<String, Json> = self
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(column, cell)| (column.name.to_string(), cell_json(cell)))
                    .collect();
                Json::Object(object)
            })
            .collect();
        pretty(&Json::Array(rows))
    }
}

fn cell_json(cell: &Cell) -> Json {
    match cell {
        Cell::Text(text) => Json::String(text.clone()),
        Cell::Integer(value) => Json::from(*value),
        Cell::Percent(percent) => percent.to_json(),
        Cell::Suppressed | Cell::Null => Json::Null,
    }
}

/// JSON as published: two-space indented, keys in insertion order, newline at the end.
pub fn pretty(value: &Json) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("a JSON value always serialises");
    bytes.push(b'\n');
    bytes
}

/// `sha256sum -c` input for every file of `data/` so far: a reader can
/// check that the files they downloaded are the ones published.
pub fn checksums(files: &[OutputFile]) -> Vec<u8> {
    let mut data: Vec<(&str, &[u8])> = files
        .iter()
        .filter_map(|file| Some((file.path.strip_prefix("data/")?, file.bytes.as_slice())))
        .collect();
    data.sort_unstable();
    let mut lines = String::new();
    for (name, bytes) in data {
        lines.push_str(&format!("{}  {name}\n", sha256_hex(bytes)));
    }
    lines.into_bytes()
}

pub fn summary_json(model: &Model) -> Vec<u8> {
    let s = &model.summary;
    let mut claims = Map::new();
    for benefit in &s.claims {
        claims.insert(
            benefit.benefit.clone(),
            json!({ "claims": benefit.claims, "amount": benefit.amount }),
        );
    }
    let percent = |value: Option<Percent>| value.map_or(Json::Null, Percent::to_json);
    let summary = json!({
        "as_of": s.as_of.to_string(),
        "target_members": s.target_members,
        "members_current": s.members_current,
        "members_ever": s.members_ever,
        "member_months": s.member_months,
        "allocated": s.allocated,
        "paid": s.paid,
        "paid_pct": percent(s.paid_pct),
        "claims": claims,
        "period_start": model.program.start.to_string(),
        "period_end": model.program.end.to_string(),
        "contribution": model.program.contribution,
        "coverage_pct": percent(s.coverage_pct),
        "cost_per_member_month": s.cost_per_member_month,
        "claims_in_process": s.claims_in_process,
        "claims_rejected": s.claims_rejected,
        "median_days_to_payment": s.median_days_to_payment.map_or(Json::Null, |d| d.to_json()),
        "min_cell": model.config.min_cell,
    });
    pretty(&summary)
}

/// The media type of an .xlsx workbook.
pub const XLSX_MEDIATYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `datapackage.json`: every table, and the workbook holding them all
/// (`workbook`, its file name). A Tabular Data Package may hold only
/// tables, so this is a Data Package whose tables are Tabular Data
/// Resources (and validated as such); the workbook is a file (`type`, as
/// frictionless reads it), not a table validators should try to parse.
pub fn datapackage(
    model: &Model,
    tables: &[DataTable],
    workbook: Option<&str>,
    strings: &Strings,
) -> Vec<u8> {
    let mut resources: Vec<Json> = tables
        .iter()
        .map(|table| {
            let fields: Vec<Json> = table
                .columns
                .iter()
                .map(|column| {
                    json!({
                        "name": column.name,
                        "type": column.kind.frictionless(),
                        "title": strings.column(table.name(), column.name, "meaning"),
                        "description": strings.column(table.name(), column.name, "definition"),
                    })
                })
                .collect();
            json!({
                "name": table.name(),
                "path": format!("{}.csv", table.name()),
                "title": strings.get(&format!("files.{}.title", table.name())),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": fields,
                    "missingValues": [""],
                    "primaryKey": table.primary_key,
                },
            })
        })
        .collect();
    resources.extend(workbook.map(|path| {
        json!({
            "name": "workbook",
            "path": path,
            "title": strings.get("xlsx.resource_title"),
            "profile": "data-resource",
            "type": "file",
            "format": "xlsx",
            "mediatype": XLSX_MEDIATYPE,
        })
    }));
    let mut package = json!({
        "profile": "data-package",
        "name": "jaring-program-data",
        "title": model.program.name,
        "description": format!("{} · {} · {}", model.program.administrator, model.program.region, model.program.insurer),
        "version": model.program.as_of.to_string(),
    });
    // A licence the Data Package can name is an identifier such as
    // CC-BY-4.0; one written out in words stays in the zip's README and the
    // workbook, where a reader finds it.
    if let Some(license) = model
        .config
        .license
        .as_deref()
        .filter(|license| is_license_id(license))
    {
        package["licenses"] = json!([{ "name": license }]);
    }
    package["resources"] = Json::from(resources);
    pretty(&package)
}

/// Whether `text` can name a licence in a Data Package: letters, digits,
/// `-`, `.` and `_`, as the Open Definition's and SPDX's identifiers are.
fn is_license_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_suppression_reads_back_from_releases_are_published() {
        let model_tables = [
            versions::COVERAGE_BY_SECTOR,
            versions::COVERAGE_BY_DISTRICT,
            versions::CLAIMS_BY_SECTOR,
            versions::CLAIMS_BY_DISTRICT,
        ];
        let published = [
            &COVERAGE_BY_SECTOR[..],
            &COVERAGE_BY_DISTRICT,
            &CLAIMS_BY_SECTOR,
            &CLAIMS_BY_DISTRICT,
        ];
        for (breakdown, columns) in model_tables.iter().zip(published) {
            for name in breakdown.key.iter().chain(breakdown.counts) {
                assert!(
                    columns.iter().any(|column| column.name == *name),
                    "{} has no column {name}",
                    breakdown.name
                );
            }
        }
    }

    #[test]
    fn only_a_licence_identifier_names_the_data_packages_licence() {
        assert!(is_license_id("CC-BY-4.0"));
        assert!(is_license_id("ODC-By-1.0"));
        assert!(!is_license_id("CC BY 4.0"));
        assert!(!is_license_id("Creative Commons Atribusi 4.0"));
        assert!(!is_license_id(""));
    }

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_not() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutralise_formula("+62"), "'+62");
        assert_eq!(neutralise_formula("-1"), "'-1");
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("Buruh tani"), "Buruh tani");
    }

    #[test]
    fn csv_and_json_come_from_the_same_rows() {
        let table = DataTable {
            id: TableId::CoverageBySector,
            columns: COVERAGE_BY_SECTOR.to_vec(),
            primary_key: &["sector"],
            rows: vec![
                vec![
                    Cell::text("a"),
                    Cell::text("A, \"x\""),
                    Cell::Integer(12),
                    Cell::Integer(13),
                    Cell::Integer(120),
                ],
                vec![
                    Cell::text("b"),
                    Cell::text("B"),
                    Cell::Suppressed,
                    Cell::Suppressed,
                    Cell::Suppressed,
                ],
            ],
        };
        assert_eq!(
            String::from_utf8(table.csv()).unwrap(),
            "sector,sector_name,members_current,members_ever,member_months\r\na,\"A, \"\"x\"\"\",12,13,120\r\nb,B,,,\r\n"
        );
        let json: Json = serde_json::from_slice(&table.json()).unwrap();
        assert_eq!(json[1]["members_current"], Json::Null);
        assert_eq!(json[0]["sector_name"], "A, \"x\"");
    }
}
