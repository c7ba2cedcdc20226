//! The data-quality page: every check with its counts, each discrepancy and
//! each finding about the program with who should act, computed by hand for
//! the tiny site (four reported months, nine claims, a contribution of
//! Rp10.000 for JKK and JKM).

use crate::harness::*;

/// The `<li>` of the list item that starts with `start`, up to its end.
fn item<'a>(page: &'a str, start: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in {page}"));
    let rest = &page[from..];
    &rest[..rest.find("</li>").unwrap()]
}

#[test]
fn every_check_shows_what_it_looked_at_and_what_agreed() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let page = outcome.file("kualitas-data/index.html");
    // Covered 9, 10, 10, 11 in January to April; billed 9, 10, 10, 10.
    assert_eq!(
        item(
            &page,
            "<li class=\"check-failed\"><strong class=\"check-status\">Ada selisih</strong> Peserta yang ditagih"
        ),
        "<li class=\"check-failed\"><strong class=\"check-status\">Ada selisih</strong> Peserta yang ditagih setiap bulan sama dengan peserta yang tercatat aktif pada bulan itu. <span class=\"check-result\">3 dari 4 bulan yang dibayar cocok.</span>"
    );
    for (check, result) in [
        (
            "Iuran yang dibayar setiap bulan sama dengan peserta yang ditagih dikali Rp10.000.",
            "4 dari 4 bulan yang dibayar cocok.",
        ),
        (
            "Jumlah iuran yang dibayar tidak melebihi alokasi anggaran.",
            "Dibayar Rp390.000 dari alokasi Rp1.200.000.",
        ),
        (
            "Setiap bulan sampai tanggal data memiliki pembayaran.",
            "4 dari 4 bulan memiliki pembayaran.",
        ),
    ] {
        assert!(
            page.contains(&format!("<li class=\"check-passed\"><strong class=\"check-status\">Cocok</strong> {check} <span class=\"check-result\">{result}</span></li>")),
            "{check} {result}"
        );
    }
    // Claim C08: member M03 was covered January to February, hurt in March.
    assert!(page.contains("<li class=\"check-failed\"><strong class=\"check-status\">Ada selisih</strong> Setiap klaim terjadi dalam masa kepesertaan pesertanya. <span class=\"check-result\">1 dari 9 klaim terjadi di luar masa kepesertaan.</span></li>"));
    assert!(page.contains(
        "<li>April 2026: 10 peserta ditagih, 11 tercatat aktif. <span class=\"finding-action\"><strong>Tindak lanjut:</strong> Dinas Uji perlu mencocokkan daftar peserta bulan itu dengan tagihan BPJS Ketenagakerjaan.</span></li>"
    ));
    assert!(page.contains(
        "<li>1 klaim JKK terjadi di luar masa kepesertaan pesertanya. <span class=\"finding-action\"><strong>Tindak lanjut:</strong> BPJS Ketenagakerjaan dan Dinas Uji perlu memeriksa tanggal kejadian klaim dan masa kepesertaan pesertanya.</span></li>"
    ));
    // Rp10.000 against JKK Rp10.000 + JKM Rp6.800.
    assert!(page.contains("<h2>Temuan tentang program</h2>"));
    assert!(page.contains(
        "<li>Iuran program ini, Rp10.000 per peserta per bulan, lebih rendah daripada iuran minimum yang lazim bagi peserta Bukan Penerima Upah (BPU) untuk manfaat yang ditanggung, yaitu Rp16.800 (JKK Rp10.000 + JKM Rp6.800). Kami tidak menemukan ketentuan publik yang menjelaskan selisih ini. <span class=\"finding-action\"><strong>Tindak lanjut:</strong> Dinas Uji perlu memastikan bersama BPJS Ketenagakerjaan bahwa iuran ini memberi perlindungan penuh, dan menerbitkan dasar perhitungannya.</span></li>"
    ));
}

#[test]
fn a_contribution_at_the_usual_minimum_is_no_finding() {
    let fixture = Fixture::tiny();
    fixture.edit(
        "data/program.toml",
        "contribution = 10000",
        "contribution = 16800",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let page = outcome.file("kualitas-data/index.html");
    assert!(!page.contains("Temuan tentang program"), "{page}");
    // Every month paid now differs from members billed × Rp16.800.
    assert!(
        page.contains("<span class=\"check-result\">0 dari 4 bulan yang dibayar cocok.</span>")
    );
}

#[test]
fn the_report_shows_the_same_checks_and_findings() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let site = outcome.file("kualitas-data/index.html");
    let report = outcome.file("laporan/index.html");
    for expected in [
        "3 dari 4 bulan yang dibayar cocok.",
        "1 dari 9 klaim terjadi di luar masa kepesertaan.",
        "Dinas Uji perlu mencocokkan daftar peserta bulan itu dengan tagihan BPJS Ketenagakerjaan.",
        "yaitu Rp16.800 (JKK Rp10.000 + JKM Rp6.800)",
    ] {
        assert!(site.contains(expected), "site: {expected}");
        assert!(report.contains(expected), "report page: {expected}");
    }
    let pdf = lopdf::Document::load(outcome.output.join("laporan-2026.pdf")).unwrap();
    let text = pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "3 dari 4 bulan yang dibayar cocok.",
        "1 dari 9 klaim terjadi di luar masa kepesertaan.",
    ] {
        assert!(text.contains(expected), "PDF: {expected} in {text}");
    }
}
