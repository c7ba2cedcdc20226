//! The Rilis page and the Atom feed: every version of the data, newest
//! first, a correction with its reason, links to the frozen files that
//! resolve, and one feed entry per version whose id never changes.

use std::collections::BTreeMap;
use std::fs;

use crate::harness::{Fixture, HOSTILE, Outcome};
use crate::history::move_to_may;
use crate::releases::{EPOCH, release, revise_march};

/// 2026-05-25T09:30:05Z: May's release is recorded after its as_of.
const MAY_EPOCH: &str = "1779701405";

const REASON: &str = "Iuran Maret tercatat untuk 10 peserta, seharusnya 9";

/// The tiny site with a release of 15 April, its correction, and a
/// release of 20 May; built.
fn two_releases_and_a_correction() -> (Fixture, Outcome) {
    let fixture = Fixture::tiny();
    let april = release(&fixture, &["--note", "Data April"], Some(EPOCH));
    assert_eq!(april.status, 0, "{}", april.stderr);
    revise_march(&fixture);
    let corrected = release(&fixture, &["--correction", REASON], Some(EPOCH));
    assert_eq!(corrected.status, 0, "{}", corrected.stderr);
    move_to_may(&fixture);
    let may = release(&fixture, &[], Some(MAY_EPOCH));
    assert_eq!(may.status, 0, "{}", may.stderr);
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    (fixture, outcome)
}

/// The part of a page from the element with `id` to the next version's
/// (or the end of the list).
fn article<'p>(page: &'p str, id: &str) -> &'p str {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id} in {page}"));
    let rest = &page[start..];
    let end = rest.find("</article>").expect("a version ends");
    &rest[..end]
}

/// Every `href` of a page.
fn hrefs(page: &str) -> Vec<&str> {
    page.split(" href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect()
}

#[test]
fn every_version_is_listed_newest_first_and_a_correction_says_why() {
    let (_fixture, outcome) = two_releases_and_a_correction();
    let page = outcome.file("rilis/index.html");
    let place = |id: &str| page.find(&format!("id=\"r-{id}\"")).unwrap();
    assert!(place("2026-05-20") < place("2026-04-15-r2"));
    assert!(place("2026-04-15-r2") < place("2026-04-15"));

    let may = article(&page, "r-2026-05-20");
    assert!(may.contains("<h3 id=\"r-2026-05-20-title\">Data per 20 Mei 2026</h3>"));
    assert!(may.contains("Data saat ini"), "{may}");
    assert!(!may.contains("belum direkam sebagai rilis"), "{may}");
    // The tables by sector and district move on to 20 May; no figure of
    // a month is revised.
    assert!(
        may.contains("Angka tabel per sektor dan kecamatan yang diperbarui ke tanggal data baru:")
    );
    assert!(!may.contains("direvisi:"), "{may}");

    let correction = article(&page, "r-2026-04-15-r2");
    assert!(
        correction.contains("Koreksi data per 15 April 2026"),
        "{correction}"
    );
    assert!(correction.contains(&format!("<strong>Alasan koreksi:</strong> {REASON}")));
    assert!(correction.contains("<a href=\"#r-2026-04-15\">15 April 2026 (2026-04-15)</a>"));
    assert!(!correction.contains("Data saat ini"));
    // March's payment, revised cell by cell, as readers read figures.
    assert!(correction.contains("Angka yang sudah terbit dan kini direvisi: 6"));
    assert!(correction.contains(
        "<caption>Iuran dibayar per bulan: angka yang direvisi dalam versi 2026-04-15-r2</caption>"
    ));
    assert!(correction.contains(
        "<tr><th scope=\"row\">Maret 2026: Nilai dalam Rupiah</th><td class=\"num\">Rp100.000</td><td class=\"num\">Rp90.000</td></tr>"
    ), "{correction}");
    assert!(correction.contains("<td class=\"num\">24,17%</td><td class=\"num\">23,33%</td>"));

    let april = article(&page, "r-2026-04-15");
    assert!(april.contains("Catatan: Data April"));
    assert!(april.contains("telah dikoreksi oleh <a href=\"#r-2026-04-15-r2\">"));
    assert!(april.contains("Versi pertama tahun program ini"));

    // The current program year only: no earlier one to show apart.
    assert!(page.contains("Tahun program berjalan: Januari 2026 – Juni 2026"));
    assert!(!page.contains("Tahun program sebelumnya"));
    // The page is in the navigation of every page and in the search.
    for other in ["index.html", "cakupan/index.html", "data/index.html"] {
        assert!(
            outcome.file(other).contains("rilis/index.html\">Rilis</a>"),
            "{other}"
        );
    }
    assert!(outcome.file("cari/search-index.js").contains(REASON));
}

#[test]
fn every_link_of_the_page_leads_to_a_published_file_or_version() {
    let (_fixture, outcome) = two_releases_and_a_correction();
    let page = outcome.file("rilis/index.html");
    let frozen: Vec<&str> = hrefs(&page)
        .into_iter()
        .filter(|href| href.starts_with("../data/rilis/"))
        .collect();
    for href in &frozen {
        let path = outcome.output.join(href.trim_start_matches("../"));
        assert!(path.is_file(), "{href} leads nowhere");
    }
    for id in ["2026-04-15", "2026-04-15-r2", "2026-05-20"] {
        for file in [
            // Named by the release, as the workbook is: a correction's
            // does not share the name of the archive it corrects.
            format!("data-{id}.zip"),
            "laporan-2026.pdf".to_string(),
            "summary.json".to_string(),
            "datapackage.json".to_string(),
            "checksums.sha256".to_string(),
            "budget_by_month.csv".to_string(),
            "budget_by_month.json".to_string(),
        ] {
            let href = format!("../data/rilis/{id}/{file}");
            assert!(frozen.contains(&href.as_str()), "no link to {href}");
        }
    }
    for anchor in hrefs(&page)
        .into_iter()
        .filter_map(|href| href.strip_prefix('#'))
    {
        assert!(page.contains(&format!("id=\"{anchor}\"")), "#{anchor}");
    }
    assert!(
        hrefs(&page).contains(&"../data/revisions.csv")
            && outcome.output.join("data/revisions.csv").is_file()
    );
}

#[test]
fn current_data_not_recorded_yet_say_so_and_have_no_frozen_files() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let page = outcome.file("rilis/index.html");
    let current = article(&page, "r-2026-04-15");
    assert!(current.contains("Data saat ini"));
    assert!(current.contains("Data ini belum direkam sebagai rilis"));
    assert!(current.contains("diunduh di <a href=\"../data/index.html\">halaman Data</a>."));
    assert!(!page.contains("data/rilis/"));

    // Changed data of a recorded as_of are a correction that has no
    // reason yet: the page says so rather than inventing one.
    assert_eq!(release(&fixture, &[], Some(EPOCH)).status, 0);
    revise_march(&fixture);
    let outcome = fixture.build();
    let page = outcome.file("rilis/index.html");
    let unrecorded = article(&page, "r-2026-04-15-r2");
    assert!(unrecorded.contains("Koreksi data per 15 April 2026"));
    assert!(
        unrecorded.contains("Alasannya belum dicatat"),
        "{unrecorded}"
    );
    assert!(unrecorded.contains("Data ini belum direkam sebagai rilis"));
}

/// Three farmers (M01, M02, M04) drive motorcycle taxis: the farmers'
/// row, published at five members, is hidden at two (the drivers' row
/// was hidden in the first release and stays hidden).
fn move_three_farmers_to_ojek(fixture: &Fixture) {
    for member in ["M01", "M02", "M04"] {
        fixture.edit(
            "data/members.csv",
            &format!("{member},petani"),
            &format!("{member},ojek"),
        );
    }
}

#[test]
fn a_suppressed_figure_shows_the_mark_never_a_number() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], Some(EPOCH)).status, 0);
    move_three_farmers_to_ojek(&fixture);
    let corrected = release(
        &fixture,
        &["--correction", "Sektor M01, M02, M04"],
        Some(EPOCH),
    );
    assert_eq!(corrected.status, 0, "{}", corrected.stderr);
    let outcome = fixture.build();
    let page = outcome.file("rilis/index.html");
    let correction = article(&page, "r-2026-04-15-r2");
    assert!(
        correction.contains(
            "<tr><th scope=\"row\">Petani: Peserta saat ini</th><td class=\"num\">5</td><td class=\"num suppressed\">*</td></tr>"
        ),
        "{correction}"
    );
    assert!(correction.contains("* Kurang dari 3 orang: disembunyikan untuk melindungi privasi."));
}

#[test]
fn hostile_names_notes_and_reasons_are_text_on_the_page_and_in_the_feed() {
    let fixture = Fixture::copy("hostile");
    let recorded = release(&fixture, &["--note", HOSTILE[1]], Some(EPOCH));
    assert_eq!(recorded.status, 0, "{}", recorded.stderr);
    move_three_farmers_to_ojek(&fixture);
    let corrected = release(&fixture, &["--correction", HOSTILE[0]], Some(EPOCH));
    assert_eq!(corrected.status, 0, "{}", corrected.stderr);
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let page = outcome.file("rilis/index.html");
    // The note, the reason and the sector's name in the revised cells.
    for hostile in &HOSTILE[..2] {
        assert!(!page.contains(hostile), "{hostile} is markup on the page");
    }
    assert!(page.contains("<strong>Alasan koreksi:</strong> &lt;script&gt;"));
    assert!(page.contains("Catatan: &quot;&gt;&lt;img"));
    assert!(page.contains(
        "<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;: Peserta saat ini</th>"
    ));
    let feed = outcome.file("feed.xml");
    let entries = feed_entries(&feed);
    assert!(entries[0]["summary"].contains(HOSTILE[0]));
    assert!(entries[1]["summary"].contains(HOSTILE[1]));
    assert!(!feed.contains(HOSTILE[0]) && !feed.contains(HOSTILE[1]));
}

#[test]
fn an_earlier_program_year_is_a_group_of_its_own() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], Some(EPOCH)).status, 0);
    // The 2025 program's last release, as a release of this site would
    // have recorded it (the same files, another as_of and period).
    let releases = fixture.root().join("releases");
    let earlier = releases.join("2025-12-31");
    fs::create_dir(&earlier).unwrap();
    for entry in fs::read_dir(releases.join("2026-04-15")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            continue;
        }
        fs::copy(entry.path(), earlier.join(entry.file_name())).unwrap();
    }
    let record = fs::read_to_string(earlier.join("release.toml")).unwrap();
    let record = record
        .replace("id = \"2026-04-15\"", "id = \"2025-12-31\"")
        .replace("as_of = \"2026-04-15\"", "as_of = \"2025-12-31\"")
        .replace("period_start = \"2026-01\"", "period_start = \"2025-07\"")
        .replace("period_end = \"2026-06\"", "period_end = \"2025-12\"");
    fs::write(earlier.join("release.toml"), record).unwrap();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let page = outcome.file("rilis/index.html");
    let current = page
        .find("Tahun program berjalan: Januari 2026 – Juni 2026")
        .unwrap();
    let past = page
        .find("<h2 id=\"periode-2025-07-2025-12\">Tahun program sebelumnya: Juli 2025 – Desember 2025</h2>")
        .unwrap_or_else(|| panic!("{page}"));
    let version = page.find("id=\"r-2025-12-31\"").unwrap();
    assert!(current < past && past < version);
    assert!(page.find("id=\"r-2026-04-15\"").unwrap() < past);
    assert_eq!(feed_entries(&outcome.file("feed.xml")).len(), 2);
}

fn child<'a, 'input>(node: roxmltree::Node<'a, 'input>, name: &str) -> roxmltree::Node<'a, 'input> {
    node.children()
        .find(|child| child.tag_name().name() == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

/// A feed entry's elements by name.
type Entry = BTreeMap<String, String>;

/// Parses the feed as XML (a feed that is not well-formed fails here) and
/// checks it is Atom; its `updated` must be its newest entry's.
fn feed_entries(xml: &str) -> Vec<Entry> {
    let document = roxmltree::Document::parse(xml).expect("the feed is well-formed XML");
    let feed = document.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<Entry> = feed
        .children()
        .filter(|node| node.tag_name().name() == "entry")
        .map(|entry| {
            let mut fields: Entry = ["title", "id", "updated", "summary"]
                .iter()
                .map(|name| {
                    let text = child(entry, name).text().unwrap_or_default();
                    (name.to_string(), text.to_string())
                })
                .collect();
            let link = child(entry, "link").attribute("href").unwrap();
            fields.insert("link".into(), link.to_string());
            fields
        })
        .collect();
    let newest = entries.iter().map(|entry| entry["updated"].clone()).max();
    assert_eq!(child(feed, "updated").text().map(str::to_string), newest);
    entries
}

#[test]
fn the_feed_has_an_entry_per_version_whose_id_never_changes() {
    let fixture = Fixture::tiny();
    let build = |fixture: &Fixture| {
        let outcome = fixture.build();
        assert_eq!(outcome.status, 0, "{}", outcome.stderr);
        (feed_entries(&outcome.file("feed.xml")), outcome)
    };
    let (first, _) = build(&fixture);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["title"], "Data per 15 April 2026");
    assert_eq!(first[0]["updated"], "2026-04-15T00:00:00Z");
    assert!(
        first[0]["summary"].ends_with("Belum direkam sebagai rilis: angkanya masih dapat berubah.")
    );

    assert_eq!(
        release(&fixture, &["--note", "Data April"], Some(EPOCH)).status,
        0
    );
    let (recorded, _) = build(&fixture);
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["id"], first[0]["id"], "recording keeps the id");
    assert_eq!(recorded[0]["updated"], "2026-05-02T09:30:05Z");

    revise_march(&fixture);
    assert_eq!(
        release(&fixture, &["--correction", REASON], Some(EPOCH)).status,
        0
    );
    move_to_may(&fixture);
    assert_eq!(release(&fixture, &[], Some(MAY_EPOCH)).status, 0);
    let (entries, outcome) = build(&fixture);
    let titles: Vec<&str> = entries.iter().map(|e| e["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "Data per 20 Mei 2026",
            "Koreksi: data per 15 April 2026",
            "Data per 15 April 2026"
        ]
    );
    assert_eq!(entries[2]["id"], first[0]["id"], "a later release keeps it");
    let ids: std::collections::BTreeSet<&str> = entries.iter().map(|e| e["id"].as_str()).collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(entries[0]["updated"], "2026-05-25T09:30:05Z");
    assert!(
        entries[1]["summary"]
            .starts_with(&format!("Mengoreksi rilis 2026-04-15. Alasan: {REASON}. ")),
        "{}",
        entries[1]["summary"]
    );
    assert!(entries[2]["summary"].contains("Catatan: Data April."));
    // Each entry links to its version's place on the Rilis page.
    let page = outcome.file("rilis/index.html");
    for (entry, id) in entries
        .iter()
        .zip(["2026-05-20", "2026-04-15-r2", "2026-04-15"])
    {
        assert_eq!(entry["link"], format!("rilis/index.html#r-{id}"));
        assert!(page.contains(&format!("id=\"r-{id}\"")));
    }
}

#[test]
fn the_english_feed_and_page_link_within_the_english_site() {
    let (fixture, _) = two_releases_and_a_correction();
    fixture.edit(
        "site.toml",
        "languages = [\"id\"]",
        "languages = [\"id\", \"en\"]",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let entries = feed_entries(&outcome.file("en/feed.xml"));
    assert_eq!(entries[1]["title"], "Correction: data as of 15 April 2026");
    // Relative to en/feed.xml: the English page.
    assert_eq!(entries[1]["link"], "rilis/index.html#r-2026-04-15-r2");
    let page = outcome.file("en/rilis/index.html");
    assert!(page.contains("<h1>Data releases</h1>"));
    assert!(page.contains("Correction of the data as of 15 April 2026"));
    assert!(
        page.contains("<a href=\"../../data/rilis/2026-04-15-r2/summary.json\">summary.json</a>")
    );
    assert!(page.contains("<td class=\"num\">IDR 100,000</td><td class=\"num\">IDR 90,000</td>"));
}
