//! Input problems: every one reported at once, at its file, line and column, with
//! a hint; templates and content included; nothing written.

use std::fs;
use std::path::Path;

use crate::harness::*;

#[test]
fn a_broken_template_is_reported_and_nothing_is_written() {
    let fixture = Fixture::tiny();
    fixture.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block main %}{{ nope( }}{% endblock main %}",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    assert_eq!(
        error_lines(&outcome),
        ["templates/section.html:1:51: error: Found `}}` but expected identifier."]
    );
    fixture.write(
        "templates/section.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ nothing.here }}</p>\n{% endblock main %}\n",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    let errors = error_lines(&outcome);
    assert_eq!(
        errors.len(),
        1,
        "one report, though three pages use the template: {errors:?}"
    );
    assert!(
        errors[0]
            .starts_with("templates/section.html:3:7: error: Variable `nothing` is not defined."),
        "{errors:?}"
    );
    assert!(!outcome.output.exists());
}

#[test]
fn unknown_codes_are_reported_with_a_suggestion() {
    let fixture = Fixture::tiny();
    fixture.edit("data/members.csv", "M04,petani,11.02", "M04,petanii,11.09");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    assert_eq!(
        outcome.stderr,
        "\
data/members.csv:5:5: error: sector 'petanii' is not in data/sectors.csv
  |
5 | M04,petanii,11.09,,,2026-02,
  |     ^^^^^^^
  |
  = hint: did you mean 'petani'?
data/members.csv:5:13: error: district '11.09' is not in data/districts.csv
  |
5 | M04,petanii,11.09,,,2026-02,
  |             ^^^^^
  |
  = hint: did you mean '11.01'?
site.toml: warning: base_url is empty: other sites cannot embed the charts, and citations, downloaded images and the sitemap carry no address
  hint: set base_url to the address the site is published at, e.g. \"https://disnaker.lebakkab.go.id/data\"
2 errors, 1 warning in 2 files
nothing written: fix the errors above and run again
"
    );
}

#[test]
fn every_problem_in_every_file_is_reported_at_once() {
    let errors = errors_after(|f| {
        f.edit(
            "data/members.csv",
            "M02,petani,11.01,P,35-44,2026-01,",
            "M01,petani,11.01,X,35-44,2026-13,",
        );
        f.edit(
            "data/payments.csv",
            "2026-03,2026-03-19,10,100000",
            "2026-03,2026-03-19,10,-100000",
        );
        f.edit(
            "data/payments.csv",
            "2026-04,2026-04-14,10,100000",
            "2026-04,2026-04-16,10,100.000",
        );
        f.edit(
            "data/claims.csv",
            "C02,M02,JKK,2026-02-03,paid,2026-02-10,750000",
            "C02,M99,JKK,2026-02-03,paid,,750000",
        );
        f.edit("data/claims.csv", "C03,M06,JKK", "C01,M06,JKN");
    });
    assert_eq!(
        errors,
        [
            "data/claims.csv:3:5: error: the claim's member_id is not in data/members.csv",
            "data/claims.csv:3:29: error: a paid claim has no paid_on date",
            "data/claims.csv:4:1: error: claim_id appears twice (first on line 2)",
            "data/claims.csv:4:9: error: benefit 'JKN' is not one of the program's benefits",
            "data/members.csv:3:1: error: member_id appears twice (first on line 2)",
            "data/members.csv:3:18: error: gender 'X' is not valid",
            "data/members.csv:3:26: error: covered_from '2026-13' is not valid",
            "data/payments.csv:5:23: error: amount '-100000' is negative",
            "data/payments.csv:6:9: error: paid_on 2026-04-16 is after the data cut-off 2026-04-15",
            "data/payments.csv:6:23: error: amount '100.000' is not whole Rupiah",
        ]
    );
}

#[test]
fn a_claim_of_an_unknown_member_is_an_error() {
    let errors = errors_after(|f| {
        f.edit("data/claims.csv", "C02,M02,", "C02,M99,");
    });
    assert_eq!(
        errors,
        ["data/claims.csv:3:5: error: the claim's member_id is not in data/members.csv"]
    );
}

#[test]
fn windows_line_endings_keep_positions_exact() {
    let errors = errors_after(|f| {
        let members = fs::read_to_string(f.root().join("data/members.csv")).unwrap();
        let members = members.replace("M03,petani,11.01,L,", "M03,petani,11.01,X,");
        f.write("data/members.csv", &members.replace('\n', "\r\n"));
        f.edit(
            "data/payments.csv",
            "2026-04,2026-04-14,10,100000",
            "2026-04,2026-04-14,10,-5",
        );
        let payments = fs::read_to_string(f.root().join("data/payments.csv")).unwrap();
        f.write("data/payments.csv", &payments.replace('\n', "\r\n"));
    });
    assert_eq!(
        errors,
        [
            "data/members.csv:4:18: error: gender 'X' is not valid",
            "data/payments.csv:6:23: error: amount '-5' is negative",
        ]
    );
}

#[test]
fn a_quote_never_closed_is_named_at_its_row() {
    let errors = errors_after(|f| {
        f.edit("data/budget.csv", "Tambahan,DBHCHT", "\"Tambahan,DBHCHT");
    });
    assert_eq!(
        errors,
        [
            "data/budget.csv:3:1: error: a double quote in this row is never closed: the lines after it are read as one value"
        ]
    );
    // Its members' claims are not reported as claims of unknown members.
    let errors = errors_after(|f| {
        f.edit("data/members.csv", "M01,", "\"M01,");
    });
    assert_eq!(
        errors,
        [
            "data/members.csv:2:1: error: a double quote in this row is never closed: the lines after it are read as one value"
        ]
    );
    // A quoted value holding a line break in a row short of a field, the
    // quote closed: the row's fields are counted.
    let errors = errors_after(|f| {
        f.edit(
            "data/budget.csv",
            "\"Iuran JKK, JKM\",APBD,1000000",
            "\"Iuran JKK,\nJKM\",APBD",
        );
    });
    assert_eq!(
        errors,
        ["data/budget.csv:2:1: error: this row has 2 fields but the header has 3"]
    );
    let errors = errors_after(|f| {
        f.edit("data/budget.csv", "Tambahan,DBHCHT,200000", "Tambahan");
    });
    assert_eq!(
        errors,
        ["data/budget.csv:3:1: error: this row has 1 field but the header has 3"]
    );
}

#[test]
fn header_problems_are_reported_per_column() {
    let errors = errors_after(|f| {
        f.edit(
            "data/members.csv",
            "member_id,sector,district,gender,age_band,covered_from,covered_until",
            "member_id,sektor,district,gender,age_band,covered_from,covered_until,catatan",
        );
    });
    assert_eq!(
        errors,
        [
            "data/members.csv:1:1: error: required column 'sector' is missing",
            "data/members.csv:1:11: error: unknown column 'sektor'",
            "data/members.csv:1:70: error: unknown column 'catatan'",
        ]
    );
}

#[test]
fn a_value_longer_than_a_spreadsheet_cell_is_an_error_at_its_cell() {
    // It used to go through every page and chart before the workbook
    // refused it, naming the workbook (a million characters: 7,7 s, 1,5 GB).
    let errors = errors_after(|f| {
        let name = "Nelayan ".repeat(4096);
        f.edit(
            "data/sectors.csv",
            "nelayan,Nelayan,",
            &format!("nelayan,{name},"),
        );
    });
    assert_eq!(
        errors,
        [
            "data/sectors.csv:3:9: error: the value is 32768 characters long, more than the 32767 a spreadsheet cell holds"
        ]
    );
}

#[test]
fn a_sector_code_is_at_most_32_characters() {
    let long = "petani_".repeat(5);
    let errors = errors_after(|f| {
        f.edit("data/sectors.csv", "\npetani,", &format!("\n{long},"));
    });
    assert!(
        errors[0].starts_with(&format!(
            "data/sectors.csv:2:1: error: code '{}",
            &long[..10]
        )),
        "{errors:?}"
    );
}

#[test]
fn every_repeat_of_a_code_names_its_first_line() {
    let errors = errors_after(|f| {
        f.edit(
            "data/sectors.csv",
            "ojek,Ojek,Motorcycle taxi\n",
            "ojek,Ojek,Motorcycle taxi\npetani,Petani,Farmers\npetani,Tani,Farmers\n",
        );
    });
    assert_eq!(
        errors,
        [
            "data/sectors.csv:5:1: error: code 'petani' appears twice (first on line 2)",
            "data/sectors.csv:6:1: error: code 'petani' appears twice (first on line 2)",
        ]
    );
}

#[test]
fn text_from_the_data_cannot_act_on_the_terminal_it_is_reported_to() {
    // A right-to-left override, and the escape sequence that clears a
    // terminal, in a header: quoted by their codes.
    let errors = errors_after(|f| {
        f.edit(
            "data/members.csv",
            "member_id,sector,",
            "member_id,sec\u{202e}tor\u{1b}[2J,",
        );
    });
    assert_eq!(
        errors,
        [
            "data/members.csv:1:1: error: required column 'sector' is missing",
            "data/members.csv:1:11: error: unknown column 'sec\\u{202e}tor\\u{1b}[2J'",
        ]
    );
}

#[test]
fn malformed_rows_and_dates_are_errors() {
    let errors = errors_after(|f| {
        f.edit(
            "data/members.csv",
            "M05,petani,11.02,P,65+,2026-01,",
            "M05,petani,11.02,P,65+,2026-01",
        );
        f.edit(
            "data/members.csv",
            "M11,ojek,11.03,L,15-24,2026-04,",
            "M11,ojek,11.03,L,15-24,2026-05,",
        );
        f.edit(
            "data/members.csv",
            "M03,petani,11.01,L,45-54,2026-01,2026-02",
            "M03,petani,11.01,L,45-54,2026-03,2026-02",
        );
        f.edit(
            "data/claims.csv",
            "C04,M08,JKK,2026-03-01",
            "C04,M08,JKK,2025-12-31",
        );
    });
    assert_eq!(
        errors,
        [
            "data/claims.csv:5:13: error: incident_date 2025-12-31 is outside the period 2026-01 to 2026-06",
            "data/members.csv:4:34: error: covered_until 2026-02 is before covered_from 2026-03",
            "data/members.csv:6:1: error: this row has 6 fields but the header has 7",
            "data/members.csv:12:24: error: covered_from 2026-05 is after the data cut-off 2026-04-15",
        ]
    );
}

#[test]
fn configuration_and_content_problems_point_at_their_line() {
    let errors = errors_after(|f| {
        f.edit("site.toml", "min_cell = 3", "min_cell = 2");
        f.edit(
            "data/program.toml",
            "end = \"2026-06\"",
            "end = \"Juni 2026\"",
        );
        f.write(
            "content/cakupan.md",
            "+++\ntitle = \"Cakupan\"\n+++\n\nAda {{ value(key=\"member_current\") }} peserta.\n",
        );
    });
    assert_eq!(
        errors,
        [
            "data/program.toml:6:7: error: end 'Juni 2026' is not a month",
            "site.toml:5:12: error: [privacy] min_cell is 2, below the allowed minimum of 3",
        ],
        "content is checked once the data loads"
    );
    let errors = errors_after(|f| {
        f.write(
            "content/cakupan.md",
            "+++\ntitle = \"Cakupan\"\n+++\n\nAda {{ value(key=\"member_current\") }} peserta.\n",
        );
    });
    assert_eq!(
        errors,
        ["content/cakupan.md:5:5: error: unknown value key 'member_current'"]
    );
}

#[test]
fn a_missing_file_is_an_error_with_a_hint() {
    let fixture = Fixture::tiny();
    fs::remove_file(fixture.root().join("data/budget.csv")).unwrap();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    assert!(
        outcome
            .stderr
            .starts_with("data/budget.csv: error: the table budget is missing: there is no data/budget.csv, data/budget.xlsx or data/data.xlsx"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains(
        "  hint: every site needs this table, as a CSV file, a workbook, or a sheet of data/data.xlsx; `jaring init DIR` writes an example to start from"
    ));
}

#[test]
fn deny_warnings_turns_warnings_into_a_failure() {
    let fixture = Fixture::tiny();
    let outcome = fixture.run(&["build", "--deny-warnings"]);
    assert_eq!(outcome.status, 1);
    assert!(
        outcome
            .stderr
            .ends_with("nothing written: --deny-warnings makes the warnings above errors\n"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.output.exists());
    assert_eq!(fixture.run(&["check", "--deny-warnings"]).status, 1);
    assert_eq!(fixture.run(&["check"]).status, 0);

    // Over an earlier site: the pages written beside it while the reports
    // were typeset are dropped, and the earlier site stays as it was.
    assert_eq!(fixture.build().status, 0);
    let page = outcome.output.join("index.html");
    std::fs::write(&page, "the earlier site").unwrap();
    assert_eq!(fixture.run(&["build", "--deny-warnings"]).status, 1);
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "the earlier site");
    let beside: Vec<String> = std::fs::read_dir(fixture.root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.contains("jaring-"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");

    // Into folders that do not exist yet: they are not left behind either.
    let deep = fixture.root().join("new/deeper/site");
    let deep_arg = deep.to_str().unwrap();
    let failed = fixture.run(&["build", "--deny-warnings", "--output", deep_arg]);
    assert_eq!(failed.status, 1);
    assert!(!fixture.root().join("new").exists());
}

#[test]
fn a_template_that_replaces_nothing_is_a_warning() {
    let fixture = Fixture::tiny();
    fixture.write(
        "templates/base.htm",
        "<html>{% block content %}{% endblock %}</html>",
    );
    fixture.write("templates/partials/nav.html", "<nav></nav>");
    fixture.write(
        "templates/page.html",
        &fs::read_to_string(Path::new(EXAMPLE).join("templates/page.html"))
            .unwrap()
            .replacen(
                "{% block main %}",
                "{% block main %}{% include \"partials/nav.html\" %}",
                1,
            ),
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let about_templates: Vec<&str> = outcome
        .problems()
        .into_iter()
        .filter(|line| line.starts_with("templates/"))
        .collect();
    assert_eq!(
        about_templates,
        [
            "templates/base.htm: warning: this template replaces no built-in template and no template uses it"
        ],
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("hint: did you mean base.html?"));
}

#[test]
fn control_characters_and_unclear_config_values_are_refused_at_their_key() {
    let errors = errors_after(|f| {
        f.edit(
            "data/program.toml",
            "region = \"Kabupaten Uji\"",
            "region = \"Kabupaten \\u202EijU\"",
        );
        f.edit(
            "data/program.toml",
            "name = \"Program Uji\"",
            "name = \" \"",
        );
        f.edit(
            "data/program.toml",
            "contribution = 10000",
            "contribution = \"10.000\"",
        );
        f.edit(
            "data/program.toml",
            "target_members = 20",
            "target_members = 0",
        );
        f.edit(
            "site.toml",
            "title = \"Situs uji\"",
            "title = \"Situs\\u0000uji\"",
        );
    });
    assert_eq!(
        errors,
        [
            "data/program.toml:1:8: error: name is empty",
            "data/program.toml:3:1: error: region holds a line break or another control character (U+202E)",
            "data/program.toml:8:18: error: target_members is 0: it must be positive",
            "data/program.toml:9:16: error: contribution \"10.000\" is not a whole number of Rupiah",
            "site.toml:1:1: error: title holds a line break or another control character (U+0000)",
        ]
    );
}

#[test]
fn the_note_on_problems_not_shown_comes_after_them() {
    let outcome = failed_build(|f| {
        let path = f.root().join("data/payments.csv");
        let mut payments = fs::read_to_string(&path).unwrap();
        for _ in 0..1005 {
            payments.push_str("2026-04,2026-04-14,10,banyak,x\n");
        }
        fs::write(path, payments).unwrap();
    });
    let lines: Vec<&str> = outcome
        .problems()
        .into_iter()
        .filter(|line| line.starts_with("data/payments.csv"))
        .collect();
    assert_eq!(lines.len(), 1001, "{}", outcome.stderr);
    assert!(lines[0].starts_with("data/payments.csv:"), "{}", lines[0]);
    assert_eq!(
        lines.last().copied(),
        Some("data/payments.csv: error: 5 more problems in this file are not shown")
    );
}

#[test]
fn script_addresses_in_content_are_errors_at_their_place() {
    let errors = errors_after(|f| {
        f.write(
            "content/metodologi.md",
            "+++\ntitle = \"Metodologi\"\n+++\n## Sumber\n\nLihat [di sini](javascript:alert(1)) atau [sini](  JavaScript:x).\n\n![grafik](data:text/html,x) ![ikon](data:image/png;base64,AAAA)\n\n[ref]: vbscript:msgbox\n\n[lagi][ref]\n",
        );
    });
    assert_eq!(
        errors,
        [
            "content/metodologi.md:6:17: error: a javascript: address would run a script on the site",
            "content/metodologi.md:6:52: error: a javascript: address would run a script on the site",
            "content/metodologi.md:8:11: error: a data: address would run a script on the site",
            "content/metodologi.md:12:1: error: a vbscript: address would run a script on the site",
        ]
    );
}

#[test]
fn template_errors_in_content_point_at_the_files_line() {
    let outcome = failed_build(|f| {
        f.write(
            "content/metodologi.md",
            "+++\ntitle = \"Metodologi\"\ndescription = \"x\"\n+++\n## Sumber\n\nData uji.\n\nDibayar {{ value(key=\"paid\") | rupiah }} dan {{ \"x\" is genap }}.\n",
        );
    });
    assert!(
        !outcome.stderr.contains("__tera_one_off"),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        error_lines(&outcome),
        [
            "content/metodologi.md:9:32: error: Unknown filter `rupiah`",
            "content/metodologi.md:9:56: error: Unknown test `genap`",
        ]
    );
    let errors = errors_after(|f| {
        f.write(
            "content/metodologi.md",
            "+++\ntitle = \"Metodologi\"\n+++\nSatu.\n\n{% if %}\n",
        );
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("content/metodologi.md:6:7: error: "),
        "{errors:?}"
    );
}

#[test]
fn a_folder_where_the_boundaries_file_belongs_is_not_a_file_every_site_needs() {
    let outcome = failed_build(|f| {
        fs::create_dir_all(f.root().join("data/districts.geojson")).unwrap();
    });
    assert!(
        outcome.stderr.contains(
            "data/districts.geojson: error: cannot read the file: Is a directory (os error 21)\n  hint: put a readable file at this place (not a folder), or check its permissions"
        ),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains("every site needs this file"));
}

#[test]
fn a_table_file_that_is_not_a_file_is_named_for_what_it_is_not_missing() {
    let outcome = failed_build(|f| {
        fs::remove_file(f.root().join("data/claims.csv")).unwrap();
        fs::create_dir_all(f.root().join("data/claims.csv")).unwrap();
    });
    assert!(
        outcome.stderr.contains(
            "data/claims.csv: error: data/claims.csv is not a file but a folder: a table is read only from a regular file\n  hint: put the file itself at data/claims.csv"
        ),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains("is missing"), "{}", outcome.stderr);
    // The same for a workbook of the table, or of every table.
    for workbook in ["data/claims.xlsx", "data/data.xlsx"] {
        let outcome = failed_build(|f| {
            fs::remove_file(f.root().join("data/claims.csv")).unwrap();
            fs::create_dir_all(f.root().join(workbook)).unwrap();
        });
        assert_eq!(
            error_lines(&outcome),
            [format!(
                "{workbook}: error: {workbook} is not a file but a folder: a table is read only from a regular file"
            )]
        );
    }
    #[cfg(unix)]
    {
        // A link inside the site to a folder is followed, and found no file.
        let outcome = failed_build(|f| {
            fs::remove_file(f.root().join("data/claims.csv")).unwrap();
            std::os::unix::fs::symlink("../content", f.root().join("data/claims.csv")).unwrap();
        });
        assert!(
            outcome
                .stderr
                .contains("data/claims.csv: error: data/claims.csv is not a file but a folder"),
            "{}",
            outcome.stderr
        );
        // A link to nothing or out of the site is refused as a link, once.
        for target in ["gone.csv", "/dev/null"] {
            let outcome = failed_build(|f| {
                fs::remove_file(f.root().join("data/claims.csv")).unwrap();
                std::os::unix::fs::symlink(target, f.root().join("data/claims.csv")).unwrap();
            });
            let about_claims: Vec<&str> = outcome
                .stderr
                .lines()
                .filter(|line| line.starts_with("data/claims.csv: error"))
                .collect();
            assert_eq!(about_claims.len(), 1, "{}", outcome.stderr);
            assert!(
                about_claims[0].contains("this link leads nowhere")
                    || about_claims[0].contains("outside the site folder"),
                "{}",
                outcome.stderr
            );
        }
    }
}
