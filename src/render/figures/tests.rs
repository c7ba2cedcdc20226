use super::*;
use crate::diag::Diagnostics;
use crate::model::Model;
use crate::render::files::data::tables;
use crate::render::history::History;
use crate::render::locale::Locale;
use crate::render::strings::{MISSING, Strings};
use crate::render::{RenderContext, SiteLanguage};

fn tiny_model() -> Model {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    let site =
        crate::load::load_site(&root, &mut Diagnostics::default()).expect("the tiny fixture loads");
    crate::model::build(&site)
}

fn figure_in_indonesian(model: &Model, spec: &'static FigureSpec, number: usize) -> Figure {
    let language = SiteLanguage::new(crate::language::find("id").unwrap(), true);
    let history = History::new(&[], &model.program, &[], &[]);
    let context = RenderContext {
        model,
        history: &history,
        strings: &Strings::indonesian(),
        locale: &Locale::of("id").unwrap(),
        language: &language,
        languages: std::slice::from_ref(&language),
        in_report: false,
    };
    figure(&context, spec, number)
}

#[test]
fn adding_a_figure_is_one_entry() {
    // A figure as a later issue adds one: its registry entry, drawn by
    // its own function (here an existing one stands in for it).
    static MAP: FigureSpec = FigureSpec {
        id: "members_by_district_map",
        section: Section::Coverage,
        table: TableId::CoverageByDistrict,
        charted: Charted::Columns(&["district", "district_name", "members_current"]),
        draw: coverage::by_district,
    };
    let model = tiny_model();
    let figure = figure_in_indonesian(&model, &MAP, FIGURES.len() + 1);
    assert_eq!(figure.label, "Gambar 11");
    assert_eq!(figure.data_file, "coverage_by_district");
    assert!(
        figure
            .svg
            .contains("id=\"members_by_district_map-svg-title\"")
    );
    // Its strings come from the strings files by its id.
    assert_eq!(figure.title, MISSING);
    let downloads = MAP.downloads(&model, &tables(&model));
    assert_eq!(downloads.columns.len(), 3);
}

fn spec_of(id: &str) -> &'static FigureSpec {
    FIGURES.iter().find(|spec| spec.id == id).unwrap()
}

/// The complete claims-by-district table's columns, in Indonesian.
const CLAIMS_BY_DISTRICT_HEADERS: [&str; 5] = [
    "Kecamatan",
    "Klaim JKK",
    "Klaim JKM",
    "Nilai JKK",
    "Nilai JKM",
];

fn headers(table: &TableView) -> Vec<&str> {
    table.headers.iter().map(|h| h.text.as_str()).collect()
}

#[test]
fn a_breakdown_with_no_bar_to_draw_shows_its_takeaway_instead() {
    // The tiny fixture's claims by district are all hidden or zero.
    let model = tiny_model();
    let figure = figure_in_indonesian(&model, spec_of("claims_by_district"), 8);
    assert!(!figure.shows_chart);
    assert_eq!(
        figure.left_out_note, None,
        "nothing is left out of no chart"
    );
    assert_eq!(headers(&figure.complete_table), CLAIMS_BY_DISTRICT_HEADERS);
    // A time series is drawn even when it is flat.
    let by_month = figure_in_indonesian(&model, spec_of("claims_by_month"), 6);
    assert!(by_month.shows_chart);
}

#[test]
fn a_benefit_with_nothing_to_show_is_left_out_of_the_chart_and_table_but_not_the_chart_page() {
    let mut model = tiny_model();
    for row in &mut model.claims_by_district {
        (row.claims, row.amount) = match row.benefit.as_str() {
            "JKK" => (Some(7), Some(700_000)),
            _ => (None, None),
        };
    }
    let figure = figure_in_indonesian(&model, spec_of("claims_by_district"), 8);
    assert!(figure.shows_chart);
    assert_eq!(
        headers(&figure.table),
        ["Kecamatan", "Klaim JKK", "Nilai JKK"]
    );
    assert_eq!(headers(&figure.complete_table), CLAIMS_BY_DISTRICT_HEADERS);
    assert_eq!(
        figure.annex_table.headers.len(),
        5,
        "the annex prints it whole"
    );
    let Shape::Horizontal(bars) = &figure.chart.shape else {
        panic!("a breakdown is drawn as horizontal bars")
    };
    let series: Vec<&str> = bars.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(series, ["JKK"]);
    let note = figure.left_out_note.unwrap();
    assert!(note.starts_with("Klaim JKM tidak ditampilkan"), "{note}");
}

#[test]
fn every_figure_is_named_once_has_its_strings_and_charts_columns_of_its_table() {
    let model = tiny_model();
    let published = tables(&model);
    for (index, spec) in FIGURES.iter().enumerate() {
        assert!(!FIGURE_IDS[..index].contains(&spec.id), "{} twice", spec.id);
        for code in ["id", "en"] {
            let strings = Strings::of(code).unwrap();
            for part in ["title", "takeaway", "takeaway_empty"] {
                assert!(
                    strings.has(&format!("figure.{}.{part}", spec.id)),
                    "{code}: {}.{part}",
                    spec.id
                );
            }
        }
        let table = published.iter().find(|t| t.id == spec.table).unwrap();
        let downloads = spec.downloads(&model, &published);
        for column in &downloads.columns {
            let in_table = table.columns.iter().any(|c| c.name == column.name);
            let a_map_value = matches!(spec.charted, Charted::Map(_));
            assert!(in_table || a_map_value, "{}: {}", spec.id, column.name);
        }
        let figure = figure_in_indonesian(&model, spec, index + 1);
        assert_ne!(figure.title, MISSING);
    }
}
