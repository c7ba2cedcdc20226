//! The budget page's pace: the share of the period elapsed beside the share
//! paid, and the allocation paid evenly drawn on the cumulative chart, with
//! values computed by hand for the tiny site (period January to June 2026,
//! data as of 15 April, allocation Rp1.200.000, paid Rp390.000).

use crate::harness::*;

#[test]
fn the_budget_page_says_whether_spending_is_on_pace() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let page = outcome.file("anggaran/index.html");
    // January to April of January to June: 4 / 6 = 66,67%.
    assert!(
        page.contains(
            "<p>Periode program telah berjalan 4 dari 6 bulan (66,67%), dan iuran yang dibayar mencapai 32,50% dari alokasi.</p>"
        ),
        "{page}"
    );
    // 1.200.000 × 4 / 6 = 800.000 expected; 800.000 − 390.000 = 410.000
    // behind, 410.000 / 1.200.000 = 34,17% of the allocation.
    assert!(page.contains(
        "<p>Bila alokasi dibayar rata setiap bulan, iuran sampai April 2026 berjumlah Rp800.000. Yang dibayar Rp390.000: Rp410.000 (34,17% dari alokasi) di bawah laju rata itu.</p>"
    ));
    assert!(page.contains(
        "; bila alokasi dibayar rata setiap bulan, jumlahnya Rp800.000 (66,67%).</span>"
    ));
    // The table gives the even pace of each reported month: 1.200.000 × m / 6.
    for (month, expected) in [
        ("Januari", "Rp200.000"),
        ("Februari", "Rp400.000"),
        ("Maret", "Rp600.000"),
        ("April", "Rp800.000"),
    ] {
        assert!(
            page.contains(&format!("<tr><th scope=\"row\">{month} 2026</th>"))
                && page
                    .split(&format!("{month} 2026</th>"))
                    .nth(1)
                    .unwrap()
                    .split("</tr>")
                    .next()
                    .unwrap()
                    .ends_with(&format!("<td class=\"num\">{expected}</td>")),
            "{month}: {expected}"
        );
    }
}

#[test]
fn the_cumulative_chart_runs_over_the_period_with_the_even_pace_to_the_allocation() {
    let fixture = Fixture::tiny();
    // The chart as the page draws it: the downloads add a caption above.
    let page = fixture.build().file("grafik/budget_by_month/index.html");
    let start = page.find("<svg").expect("the page draws the chart");
    let end = start + page[start..].find("</svg>").unwrap();
    let svg = &page[start..end];
    for month in ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun"] {
        assert!(svg.contains(&format!("\n{month}\n")), "{month}");
    }
    assert!(svg.contains("\nLaju rata\n"), "the legend names the pace");
    // The axis runs from Rp0 at y = 272 to Rp1,25 jt at y = 40, so the
    // allocation of Rp1,2 jt is at y = 272 − 232 × 1,2 / 1,25 = 49: the pace
    // is a dashed line in its own colour that ends there, over June.
    let pace: Vec<&str> = svg
        .split("<polyline")
        .filter(|line| line.contains("stroke=\"#6A3D9A\""))
        .collect();
    assert!(pace.len() > 10, "dashed: {} segments", pace.len());
    let last = pace.last().unwrap();
    assert!(last.contains(",49 \"/>"), "ends at the allocation: {last}");
}
