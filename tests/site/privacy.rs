//! Privacy: suppressed cells, personal data refused (columns, values, disguised
//! forms, content and templates) and masked in messages, no ids published.

use std::fs;
use std::path::Path;

use crate::harness::*;

#[test]
fn suppressed_cells_show_only_the_mark() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let coverage = outcome.file("cakupan/index.html");
    assert!(coverage.contains("* Kurang dari 3 orang: disembunyikan untuk melindungi privasi."));
    let sector_table = coverage
        .split("id=\"coverage_by_sector\"")
        .nth(1)
        .unwrap()
        .split("</figure>")
        .next()
        .unwrap();
    assert!(
        sector_table.contains("<th scope=\"row\">Ojek</th><td class=\"num suppressed\">*</td>"),
        "{sector_table}"
    );
    assert!(
        !sector_table.contains(">2<"),
        "ojek's count of 2 must not appear"
    );
    let methodology = outcome.file("metodologi/index.html");
    assert!(methodology.contains("Ambang batas privasi situs ini adalah 3"));
}

#[test]
fn the_bundled_example_warns_only_of_its_missing_address_and_publishes_no_ids() {
    let output = tempfile::tempdir().unwrap();
    let result = jaring()
        .args(["build", "--root", EXAMPLE, "--output"])
        .arg(output.path().join("site"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    only_the_address_warning(&stderr);
    assert!(stderr.contains("\nwrote "), "{stderr}");
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(output.path().join("site/data/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["target_members"], 3450);
    assert_eq!(summary["allocated"], 670_680_000);
    let mut ids = Vec::new();
    for file in ["data/members.csv", "data/claims.csv"] {
        let mut reader = csv::Reader::from_path(Path::new(EXAMPLE).join(file)).unwrap();
        for record in reader.records() {
            ids.push(record.unwrap()[0].to_string());
        }
    }
    assert!(ids.len() > 3450);
    for (path, bytes) in tree(&output.path().join("site")) {
        let text = String::from_utf8_lossy(&bytes);
        for id in &ids {
            assert!(!text.contains(id.as_str()), "{path} contains the id {id}");
        }
    }
    // `jaring init` hands out the same example: every file of it, no warning.
    let copy = output.path().join("copy");
    assert_eq!(
        jaring().arg("init").arg(&copy).status().unwrap().code(),
        Some(0)
    );
    let copied = tree(&copy);
    for folder in ["content", "data"] {
        for (path, bytes) in tree(&Path::new(EXAMPLE).join(folder)) {
            let path = format!("{folder}/{path}");
            assert_eq!(copied.get(&path), Some(&bytes), "init copies {path}");
        }
    }
    let checked = jaring()
        .args(["check", "--root"])
        .arg(&copy)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&checked.stderr);
    only_the_address_warning(&stderr);
    assert!(stderr.ends_with("\nok: the site builds\n"), "{stderr}");
}

/// The example is published nowhere, so its site.toml leaves base_url
/// empty (an invented address would be copied into every `jaring init`
/// site): that is its one warning.
fn only_the_address_warning(stderr: &str) {
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains(": warning: ") || line.contains(": error: "))
        .collect();
    assert!(
        problems.len() == 1 && problems[0].starts_with("site.toml:"),
        "{stderr}"
    );
    assert!(
        problems[0].contains(": warning: base_url is empty"),
        "{stderr}"
    );
    assert!(stderr.contains("0 errors, 1 warning in 1 file"), "{stderr}");
}

/// Like [`errors_after`], and also checks that no refused value appears in full.
fn privacy_errors_after(change: impl Fn(&Fixture), secrets: &[&str]) -> Vec<String> {
    let outcome = failed_build(change);
    for secret in secrets {
        assert!(
            !outcome.stderr.contains(secret),
            "the report leaks {secret}:\n{}",
            outcome.stderr
        );
    }
    error_lines(&outcome)
}

#[test]
fn personal_data_columns_are_refused_even_when_allowed() {
    let errors = privacy_errors_after(
        |f| {
            f.edit(
                "site.toml",
                "min_cell = 3",
                "min_cell = 3\n\n[data]\nextra_columns = [\"nama_lengkap\", \"catatan\"]",
            );
            let members = fs::read_to_string(f.root().join("data/members.csv")).unwrap();
            let mut lines: Vec<String> = members.lines().map(|line| format!("{line},,")).collect();
            lines[0] = lines[0].replace("covered_until,,", "covered_until,nama_lengkap,No HP");
            lines[1] = format!(
                "{},Budi Santoso,081234567890",
                lines[1].trim_end_matches(',')
            );
            lines[1] = lines[1].replacen("2026-01,Budi", "2026-01,,Budi", 1);
            f.write("data/members.csv", &(lines.join("\n") + "\n"));
        },
        &["Budi", "081234567890"],
    );
    assert_eq!(
        errors,
        [
            "data/members.csv:1:70: error: column 'nama_lengkap' looks like personal data (a person's name)",
            "data/members.csv:1:83: error: column 'No HP' looks like personal data (a phone number)",
        ]
    );
}

#[test]
fn values_quoted_in_errors_are_masked_too() {
    let errors = privacy_errors_after(
        |f| {
            f.edit(
                "data/members.csv",
                "M05,petani,11.02,P,65+,2026-01,",
                "M05,petani,11.02,P,65+,081234567890,",
            );
        },
        &["081234567890"],
    );
    assert_eq!(
        errors,
        ["data/members.csv:6:24: error: covered_from '0812********' is not valid"]
    );
}

#[test]
fn personal_data_values_are_refused_masked_at_their_place() {
    let errors = privacy_errors_after(
        |f| {
            f.edit(
                "data/payments.csv",
                "001/SP2D/2026",
                "NIK 3602 0415 0788 0001",
            );
            f.edit(
                "data/sectors.csv",
                "ojek,Ojek,",
                "ojek,\"Ojek, hub. 0812-3456-7890\",",
            );
            f.edit(
                "data/budget.csv",
                "Tambahan,DBHCHT",
                "Tambahan (budi.santoso@mail.go.id),DBHCHT",
            );
            f.edit("data/members.csv", "M10,ojek", "3602041507880001,ojek");
            f.edit(
                "data/program.toml",
                "administrator = \"Dinas Uji\"",
                "administrator = \"Dinas Uji, +62 812 3456 7890\"",
            );
        },
        &["0415", "3456", "santoso", "mail.go.id", "07880001"],
    );
    assert_eq!(
        errors,
        [
            "data/budget.csv:3:11: error: this looks like an e-mail address: 'b***********@**********'",
            "data/claims.csv:8:5: error: the claim's member_id is not in data/members.csv",
            "data/members.csv:11:1: error: member_id is not an opaque pseudonym",
            "data/members.csv:11:1: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '3602************'",
            "data/payments.csv:2:32: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '3602 **** **** ****'",
            "data/program.toml:2:29: error: this looks like a phone number: '+62 *** **** ****'",
            "data/sectors.csv:4:18: error: this looks like a phone number: '0812-****-****'",
        ]
    );
}

#[test]
fn neutral_extra_columns_are_accepted_and_searched() {
    let fixture = Fixture::tiny();
    fixture.edit(
        "site.toml",
        "min_cell = 3",
        "min_cell = 3\n\n[data]\nextra_columns = [\"catatan\"]",
    );
    fixture.edit(
        "data/budget.csv",
        "item,source,allocated",
        "item,source,allocated,catatan",
    );
    fixture.edit("data/budget.csv", "APBD,1000000", "APBD,1000000,Perda 2025");
    fixture.edit(
        "data/budget.csv",
        "DBHCHT,200000",
        "DBHCHT,200000,telp 0252-1234567",
    );
    let outcome = fixture.build();
    assert_eq!(
        outcome.status, 0,
        "a landline in a note is not a mobile number: {}",
        outcome.stderr
    );
    fixture.edit("data/budget.csv", "telp 0252-1234567", "wa 0812 1234 5678");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    assert!(
        outcome.stderr.contains(
            "data/budget.csv:3:27: error: this looks like a phone number: '0812 **** ****'"
        ),
        "{}",
        outcome.stderr
    );
}

#[test]
fn disguised_personal_data_is_refused_in_cells_pages_and_templates() {
    let errors = privacy_errors_after(
        |f| {
            f.edit(
                "data/payments.csv",
                "001/SP2D/2026",
                "NIK 3602\u{a0}0415\u{a0}0788\u{a0}0001",
            );
            f.edit(
                "data/sectors.csv",
                "ojek,Ojek,",
                "ojek,Ojek (0812) 3456-7890,",
            );
            f.edit(
                "data/budget.csv",
                "Tambahan,DBHCHT",
                "Tambahan budi.santoso＠mail.go.id,DBHCHT",
            );
            f.edit(
                "content/metodologi.md",
                "Data uji buatan tangan.",
                "Data uji buatan tangan; pengadu: ٣٦٠٢٠٤١٥٠٧٨٨٠٠٠١.",
            );
            f.edit(
                "content/metodologi.md",
                "Cara angka dihitung",
                "Tanya 0812\u{200b}3456\u{200b}7890",
            );
            f.write(
                "templates/page.html",
                "<footer>Kontak: humas@dinas-uji.go.id</footer>\n",
            );
        },
        &["0415", "3456", "santoso", "mail.go.id", "٠٧٨٨", "dinas-uji"],
    );
    assert_eq!(
        errors,
        [
            "content/metodologi.md:3:22: error: this looks like a phone number: '0812**********'",
            "content/metodologi.md:7:34: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '٣٦٠٢************'",
            "data/budget.csv:3:10: error: this looks like an e-mail address: 'b**********************'",
            "data/payments.csv:2:32: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '3602***************'",
            "data/sectors.csv:4:12: error: this looks like a phone number: '0812* ****-****'",
            "templates/page.html:1:17: error: this looks like an e-mail address: 'h****@***************'",
        ]
    );
}

#[test]
fn the_bundled_example_and_fixtures_hold_nothing_that_looks_personal() {
    for root in [EXAMPLE, TINY] {
        let outcome = jaring().args(["check", "--root", root]).output().unwrap();
        assert_eq!(
            outcome.status.code(),
            Some(0),
            "{root}: {}",
            String::from_utf8_lossy(&outcome.stderr)
        );
    }
}

#[test]
fn a_line_separator_in_a_csv_text_cell_is_refused() {
    // It would break the printed report's table row onto a second line.
    let errors = errors_after(|f| {
        f.edit("data/sectors.csv", "ojek,Ojek,", "ojek,Ojek\u{2028}Kota,");
    });
    assert_eq!(
        errors,
        ["data/sectors.csv:4:6: error: the value holds an invisible control character (U+2028)"]
    );
}

#[test]
fn a_direction_override_in_a_csv_text_cell_is_refused() {
    let errors = errors_after(|f| {
        f.edit("data/sectors.csv", "ojek,Ojek,", "ojek,Ojek\u{202e}kejO,");
    });
    assert_eq!(
        errors,
        ["data/sectors.csv:4:6: error: the value holds an invisible control character (U+202E)"]
    );
}

#[test]
fn personal_data_made_while_rendering_is_refused() {
    for (written, secret) in [
        ("Surel: budi&#64;mail.com", "budi"),
        ("NIK 3602{% if true %}0415{% endif %}07880001", "07880001"),
        ("<a href=\"mailto:budi&commat;mail.com\">surel</a>", "budi"),
    ] {
        let errors = privacy_errors_after(
            |f| {
                f.edit(
                    "site.toml",
                    "[privacy]",
                    "allow_raw_html = true\n\n[privacy]",
                );
                f.edit("content/metodologi.md", "Data uji buatan tangan.", written);
            },
            &[secret],
        );
        assert_eq!(errors.len(), 1, "{written}: {errors:?}");
        assert!(
            errors[0].starts_with("content/metodologi.md: error: the page as published shows "),
            "{written}: {errors:?}"
        );
    }
}

#[test]
fn front_matter_values_stylesheets_and_hidden_characters_are_checked_too() {
    let errors = privacy_errors_after(
        |f| {
            f.edit(
                "content/metodologi.md",
                "description = \"Cara angka dihitung\"",
                "description = \"Hubungi \\u0030812 3456 7890\"",
            );
            f.edit(
                "content/metodologi.md",
                "title = \"Metodologi\"",
                "title = \"Meto\\u202Edologi\"",
            );
            f.edit(
                "content/metodologi.md",
                "Data uji buatan tangan.",
                "Data uji \u{202e}buatan tangan.",
            );
            f.write(
                "templates/assets/style.css",
                "body { color: black; }\n/* 3602041507880001 */\n",
            );
        },
        &["3456", "041507880001"],
    );
    assert_eq!(
        errors,
        [
            "content/metodologi.md:2:1: error: title holds a line break or another control character (U+202E)",
            "content/metodologi.md:3:1: error: description holds a phone number: '0812 **** ****'",
            "content/metodologi.md:7:10: error: the page holds an invisible control character (U+202E)",
            "templates/assets/style.css:2:4: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '3602************'",
        ]
    );
}
