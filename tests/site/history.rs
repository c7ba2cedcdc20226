//! What every build publishes from `releases/`: the revisions between
//! versions, the Rilis page, the feed entries and the program years.

use std::collections::BTreeMap;

use crate::harness::{Fixture, csv_rows};
use crate::releases::{EPOCH, release, revise_march};

/// The data as of 20 May: May's payment booked (11 members covered).
pub fn move_to_may(fixture: &Fixture) {
    fixture.edit(
        "data/program.toml",
        "as_of = 2026-04-15",
        "as_of = 2026-05-20",
    );
    let payments = std::fs::read_to_string(fixture.root().join("data/payments.csv")).unwrap();
    fixture.write(
        "data/payments.csv",
        &format!("{payments}2026-05,2026-05-18,11,110000,006/SP2D/2026\n"),
    );
}

fn row(cells: [&str; 8]) -> BTreeMap<String, String> {
    [
        "release",
        "previous_release",
        "table",
        "key",
        "column",
        "old_value",
        "new_value",
        "kind",
    ]
    .iter()
    .zip(cells)
    .map(|(column, value)| (column.to_string(), value.to_string()))
    .collect()
}

/// A release, a correction of its March payment, then a second month:
/// the correction revises March's and April's budget cells (computed by
/// hand: allocation 1.200.000, payments 90.000 + 100.000 + March + 100.000),
/// the second month revises nothing and moves the sector and district
/// tables on to 20 May.
#[test]
fn revisions_list_every_changed_cell_of_a_correction_and_a_second_month() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], Some(EPOCH)).status, 0);
    revise_march(&fixture);
    let corrected = release(&fixture, &["--correction", "Iuran Maret"], Some(EPOCH));
    assert_eq!(corrected.status, 0, "{}", corrected.stderr);
    move_to_may(&fixture);
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);

    let rows = csv_rows(&outcome.file("data/revisions.csv"));
    let (r1, r2, may) = ("2026-04-15", "2026-04-15-r2", "2026-05-20");
    let budget = "budget_by_month";
    let revised: Vec<_> = rows.iter().filter(|r| r["kind"] == "revision").collect();
    let expected = [
        row([
            r2,
            r1,
            budget,
            "2026-03",
            "members_billed",
            "10",
            "9",
            "revision",
        ]),
        row([
            r2, r1, budget, "2026-03", "amount", "100000", "90000", "revision",
        ]),
        row([
            r2,
            r1,
            budget,
            "2026-03",
            "cumulative_amount",
            "290000",
            "280000",
            "revision",
        ]),
        row([
            r2,
            r1,
            budget,
            "2026-03",
            "cumulative_pct",
            "24.17",
            "23.33",
            "revision",
        ]),
        row([
            r2,
            r1,
            budget,
            "2026-04",
            "cumulative_amount",
            "390000",
            "380000",
            "revision",
        ]),
        row([
            r2,
            r1,
            budget,
            "2026-04",
            "cumulative_pct",
            "32.50",
            "31.67",
            "revision",
        ]),
    ];
    assert_eq!(revised, expected.iter().collect::<Vec<_>>());

    // The second month: the tables by sector and district move on to
    // 20 May (one more covered month each: 5 farmers covered in May), and
    // no figure of a month is revised.
    let updates: Vec<_> = rows.iter().filter(|r| r["release"] == may).collect();
    assert!(!updates.is_empty());
    for update in &updates {
        assert_eq!(update["previous_release"], r2);
        assert_eq!(update["kind"], "update", "{update:?}");
        assert!(!update["table"].contains("month"), "{update:?}");
    }
    let farmers = updates
        .iter()
        .find(|r| {
            r["table"] == "coverage_by_sector"
                && r["key"] == "petani"
                && r["column"] == "member_months"
        })
        .expect("the farmers' member-months are updated");
    let months = |cell: &str| cell.parse::<i64>().unwrap();
    assert_eq!(
        months(&farmers["new_value"]) - months(&farmers["old_value"]),
        5
    );

    // The JSON twin holds the same rows; the data package describes the file.
    let json: serde_json::Value =
        serde_json::from_str(&outcome.file("data/revisions.json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), rows.len());
    assert_eq!(json[0]["release"], r2);
    let package: serde_json::Value =
        serde_json::from_str(&outcome.file("data/datapackage.json")).unwrap();
    let resource = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|resource| resource["path"] == "revisions.csv")
        .expect("revisions.csv is in datapackage.json");
    assert_eq!(
        resource["schema"]["primaryKey"],
        serde_json::json!(["release", "table", "key", "column"])
    );
}

#[test]
fn a_site_without_releases_publishes_an_empty_revisions_file() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert_eq!(
        outcome.file("data/revisions.csv"),
        "release,previous_release,table,key,column,old_value,new_value,kind\r\n"
    );
}

/// Data that revise a recorded release mark the revised cells where the
/// figure's table shows them, and say since which release.
#[test]
fn tables_mark_the_cells_the_current_data_revise() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], Some(EPOCH)).status, 0);
    revise_march(&fixture);
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let budget = outcome.file("anggaran/index.html");
    // March's amount, cumulative amount and share; April's cumulative
    // two. The note counts the marks a reader sees: March's members
    // billed changed too, but the table does not show them (the Releases
    // page does).
    assert_eq!(
        budget.matches("class=\"num revised\"").count(),
        5,
        "{budget}"
    );
    assert!(budget.contains(
        "<td class=\"num revised\">Rp90.000<sup class=\"revised-mark\" aria-hidden=\"true\">r</sup><span class=\"visually-hidden\"> (direvisi)</span></td>"
    ), "{budget}");
    assert!(
        budget.contains("r Direvisi: 5 angka tabel ini berubah sejak rilis 15 April 2026. Nilai lama dan baru ada di halaman Rilis."),
        "{budget}"
    );
    // Nothing else was revised.
    let coverage = outcome.file("cakupan/index.html");
    assert!(!coverage.contains("revised"), "{coverage}");
}

/// The tiny site's data moved back one year: the 2025 program.
fn move_to_2025(fixture: &Fixture) {
    for file in [
        "data/program.toml",
        "data/members.csv",
        "data/payments.csv",
        "data/claims.csv",
    ] {
        let text = std::fs::read_to_string(fixture.root().join(file)).unwrap();
        fixture.write(
            file,
            &text.replace("2026-", "2025-").replace("/2026", "/2025"),
        );
    }
}

/// A release of the 2025 program makes 2025 a past program year: home and
/// report compare this year with its last release.
#[test]
fn home_and_report_compare_this_program_year_with_the_last() {
    let fixture = Fixture::tiny();
    let original = Fixture::tiny();
    move_to_2025(&fixture);
    let recorded = release(&fixture, &[], Some(EPOCH));
    assert_eq!(recorded.status, 0, "{}", recorded.stderr);
    for file in [
        "data/program.toml",
        "data/members.csv",
        "data/payments.csv",
        "data/claims.csv",
    ] {
        let text = std::fs::read_to_string(original.root().join(file)).unwrap();
        fixture.write(file, &text);
    }
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let home = outcome.file("index.html");
    assert!(home.contains("Dibanding tahun program lalu"), "{home}");
    assert!(home.contains(
        "Program 2026 (data per 15 April 2026) dibanding program 2025 (final, data per 15 April 2025)"
    ));
    // The same people a year apart: 11 covered, Rp390.000 paid, one JKM
    // claim paid.
    for row in [
        "<th scope=\"row\">Peserta saat ini</th><td class=\"num\">11</td><td class=\"num\">11</td>",
        "<th scope=\"row\">Iuran dibayar</th><td class=\"num\">Rp390.000</td><td class=\"num\">Rp390.000</td>",
        "<th scope=\"row\">Klaim JKM dibayar</th><td class=\"num\">1</td><td class=\"num\">1</td>",
    ] {
        assert!(home.contains(row), "{row}\n{home}");
    }
    // Sectors of fewer than min_cell people are hidden in both years.
    assert!(home.contains(
        "<th scope=\"row\">Peserta saat ini: Ojek</th><td class=\"num suppressed\">*</td><td class=\"num suppressed\">*</td>"
    ), "{home}");
    // One version of the 2026 program: nothing to chart over releases yet.
    assert!(!home.contains("Dari rilis ke rilis"));
    let report = outcome.file("laporan/index.html");
    assert!(report.contains("Program 2026 (data per 15 April 2026) dibanding program 2025"));
    // The 2025 release is published frozen, and its figures are not
    // compared cell by cell with 2026's: another program period.
    assert!(
        outcome
            .output
            .join("data/rilis/2025-04-15/summary.json")
            .exists()
    );
    assert_eq!(csv_rows(&outcome.file("data/revisions.csv")).len(), 0);
}

/// Two versions of one program period: home charts members covered and
/// the share of the allocation paid per release.
#[test]
fn home_shows_the_headline_figures_of_every_release_of_the_period() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], Some(EPOCH)).status, 0);
    revise_march(&fixture);
    let outcome = fixture.build();
    let home = outcome.file("index.html");
    assert!(home.contains("Dari rilis ke rilis"), "{home}");
    assert!(home.contains("<svg"));
    // Paid 390.000 of 1.200.000 in the release, 380.000 now.
    for row in [
        "<th scope=\"row\">15 April 2026</th><td class=\"num\">11</td><td class=\"num\">Rp390.000</td><td class=\"num\">32,50%</td>",
        "<th scope=\"row\">15 April 2026 (koreksi ke-1) (data saat ini, belum direkam)</th><td class=\"num\">11</td><td class=\"num\">Rp380.000</td><td class=\"num\">31,67%</td>",
    ] {
        assert!(home.contains(row), "{row}\n{home}");
    }
}
