//! The command line: exit statuses, `check`, `init`, the guards around
//! the site and output folders (resolved paths, links, interrupted builds),
//! and the workflow the README offers for publishing.

use std::fs;
use std::path::Path;

use crate::harness::*;

#[test]
fn messages_nobody_reads_any_more_do_not_change_the_exit_status() {
    // `jaring build 2>&1 | head -1`: the reader is gone before the messages
    // are printed. Printing used to panic (exit 101).
    let fixture = Fixture::tiny();
    let mut child = jaring()
        .args(["build", "--root"])
        .arg(fixture.root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert!(fixture.root().join("output/index.html").exists());
}

#[test]
fn check_validates_and_writes_nothing() {
    let fixture = Fixture::tiny();
    let outcome = fixture.run(&["check"]);
    assert_eq!(outcome.status, 0);
    assert!(
        outcome.stderr.ends_with("ok: the site builds\n"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.output.exists());
}

#[test]
fn usage_errors_exit_with_2() {
    let outcome = jaring().arg("bild").output().unwrap();
    assert_eq!(outcome.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&outcome.stderr).contains("unrecognized subcommand 'bild'"));
}

#[test]
fn output_folders_not_written_by_jaring_are_left_alone() {
    let fixture = Fixture::tiny();
    fixture.write("output/notes.txt", "mine");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 2);
    assert!(
        outcome
            .stderr
            .contains("is not empty and was not written by jaring"),
        "{}",
        outcome.stderr
    );
    assert_eq!(outcome.file("notes.txt"), "mine");
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("baru");
    let status = jaring().arg("init").arg(&site).status().unwrap();
    assert_eq!(status.code(), Some(0));
    let outcome = jaring()
        .args(["check", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert_succeeded(&outcome);
    let again = jaring().arg("init").arg(&site).output().unwrap();
    assert_eq!(
        again.status.code(),
        Some(2),
        "init refuses a folder that is not empty"
    );
}

#[test]
fn an_output_folder_that_would_destroy_the_site_is_refused() {
    let fixture = Fixture::tiny();
    let before = tree(fixture.root());
    let parent = fixture.root().parent().unwrap().to_path_buf();
    for output in [
        fixture.root().to_path_buf(),
        fixture.root().join("data"),
        fixture.root().join("content/x"),
        fixture.root().join("templates"),
        parent,
    ] {
        let result = jaring()
            .args(["build", "--root"])
            .arg(fixture.root())
            .arg("--output")
            .arg(&output)
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(2), "{}", output.display());
        assert!(String::from_utf8_lossy(&result.stderr).starts_with("error: --output "));
    }
    assert_eq!(tree(fixture.root()), before);
}

#[test]
fn an_interrupted_build_leaves_the_previous_site_as_it_was() {
    let fixture = Fixture::tiny();
    let mut members = fs::read_to_string(fixture.root().join("data/members.csv")).unwrap();
    for index in 0..150_000 {
        let sector = ["petani", "nelayan", "ojek"][index % 3];
        let district = ["11.01", "11.02", "11.03"][index % 3];
        members.push_str(&format!(
            "T{index:07},{sector},{district},L,25-34,2026-0{},\n",
            1 + index % 4
        ));
    }
    fixture.write("data/members.csv", &members);
    assert_eq!(fixture.build().status, 0);
    let before = tree(&fixture.root().join("output"));
    let started = std::time::Instant::now();
    assert_eq!(fixture.build().status, 0);
    let full_build = started.elapsed();
    for eighth in 1..8 {
        let mut child = jaring()
            .args(["build", "--root"])
            .arg(fixture.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full_build * eighth / 8);
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            tree(&fixture.root().join("output")),
            before,
            "killed after {eighth}/8 of a build"
        );
    }
    assert_eq!(fixture.build().status, 0);
    let leftovers: Vec<String> = fs::read_dir(fixture.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.contains("jaring-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Runs `jaring build --root site --output OUTPUT` from the folder holding
/// the site, as a user at a shell would.
fn build_from_parent(fixture: &Fixture, output: &str) -> std::process::Output {
    jaring()
        .current_dir(fixture.root())
        .args(["build", "--root", "site", "--output", output])
        .output()
        .unwrap()
}

/// The tiny site moved into `site/` of its temporary folder, beside an
/// unrelated folder `keep/` holding a file.
fn site_beside_keep() -> Fixture {
    let fixture = Fixture::tiny();
    let site = fixture.root().join("site");
    fs::create_dir(&site).unwrap();
    for name in ["site.toml", "data", "content"] {
        fs::rename(fixture.root().join(name), site.join(name)).unwrap();
    }
    fixture.write("keep/thesis.txt", "precious");
    fixture
}

#[test]
fn outputs_are_judged_after_resolving_dot_dot_and_links() {
    let fixture = site_beside_keep();
    std::os::unix::fs::symlink(
        fixture.root().join("site/content"),
        fixture.root().join("link"),
    )
    .unwrap();
    let before = tree(fixture.root());
    for output in [
        "nx/../keep",
        "nx/../site",
        "site/output/../content/x",
        "site/output/../data",
        "link/x",
        "nx/../link",
    ] {
        let result = build_from_parent(&fixture, output);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{output}: {stderr}");
        assert!(stderr.starts_with("error: --output "), "{output}: {stderr}");
        assert_eq!(tree(fixture.root()), before, "{output} changed the files");
        assert!(
            !fixture.root().join("nx").exists(),
            "{output} made a folder"
        );
    }
    assert_eq!(
        build_from_parent(&fixture, "nx/../out").status.code(),
        Some(0)
    );
    assert!(fixture.root().join("out/index.html").is_file());
    assert!(!fixture.root().join("nx").exists());
}

#[test]
fn input_folders_reached_through_links_are_guarded_too() {
    let fixture = site_beside_keep();
    let site = fixture.root().join("site");
    fs::rename(site.join("content"), site.join("real-content")).unwrap();
    std::os::unix::fs::symlink("real-content", site.join("content")).unwrap();
    std::os::unix::fs::symlink(site.join("data"), fixture.root().join("dl")).unwrap();
    let before = tree(fixture.root());
    for (root, output) in [
        ("site", "site/real-content/out"),
        ("dl/..", "site/content/x"),
        ("dl/..", "site/real-content/x"),
    ] {
        let result = jaring()
            .current_dir(fixture.root())
            .args(["build", "--root", root, "--output", output])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{root} {output}: {stderr}");
        assert!(
            stderr.contains("is inside the site's input folder"),
            "{stderr}"
        );
        assert_eq!(tree(fixture.root()), before, "{output} changed the files");
    }
}

#[test]
fn an_output_that_is_a_link_is_written_through() {
    let fixture = site_beside_keep();
    let deploy = fixture.root().join("deploy");
    fs::create_dir(&deploy).unwrap();
    std::os::unix::fs::symlink(&deploy, fixture.root().join("site/output")).unwrap();
    for _ in 0..2 {
        let result = build_from_parent(&fixture, "site/output");
        assert_eq!(result.status.code(), Some(0), "{result:?}");
    }
    let link = fs::symlink_metadata(fixture.root().join("site/output")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(deploy.join("index.html").is_file());
    std::os::unix::fs::symlink(
        fixture.root().join("keep"),
        fixture.root().join("site/public"),
    )
    .unwrap();
    let result = build_from_parent(&fixture, "site/public");
    assert_eq!(result.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&result.stderr).contains("was not written by jaring"),
        "{result:?}"
    );
    assert_eq!(
        fs::read_to_string(fixture.root().join("keep/thesis.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn a_root_without_a_site_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("file.txt"), "x").unwrap();
    for (root, says) in [
        (dir.path().join("missing"), "No such file or directory"),
        (dir.path().join("file.txt"), "is a file, not a folder"),
        (dir.path().to_path_buf(), "has no site.toml"),
    ] {
        for command in ["build", "check"] {
            let result = jaring()
                .args([command, "--root"])
                .arg(&root)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&result.stderr);
            assert_eq!(
                result.status.code(),
                Some(2),
                "{command} {}: {stderr}",
                root.display()
            );
            assert!(stderr.starts_with("error: no site here: "), "{stderr}");
            assert!(stderr.contains(says), "{stderr}");
            assert_eq!(
                stderr.lines().count(),
                2,
                "one problem and its hint: {stderr}"
            );
        }
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn input_files_linked_from_outside_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("notes.md"),
        "+++\ntitle = \"Rahasia\"\n+++\nrahasia\n",
    )
    .unwrap();
    let errors = errors_after(|f| {
        let members = f.root().join("data/members.csv");
        let copy = outside.path().join("members.csv");
        fs::rename(&members, &copy).unwrap();
        std::os::unix::fs::symlink(&copy, &members).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("notes.md"),
            f.root().join("content/notes.md"),
        )
        .unwrap();
    });
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("content/notes.md: error: this is a link to "),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("data/members.csv: error: this is a link to "),
        "{errors:?}"
    );
    let fixture = Fixture::tiny();
    fs::rename(
        fixture.root().join("data/budget.csv"),
        fixture.root().join("data/budget-2026.csv"),
    )
    .unwrap();
    std::os::unix::fs::symlink("budget-2026.csv", fixture.root().join("data/budget.csv")).unwrap();
    let outcome = fixture.build();
    assert_eq!(
        outcome.status, 0,
        "a link inside the site is followed: {}",
        outcome.stderr
    );
}

/// `docs/github-pages.yml`, the workflow the README offers for GitHub Pages:
/// its build step runs with flags jaring has (on the example, for an address
/// Pages could give it), and the folder it uploads is the one that build
/// writes.
#[test]
fn the_github_pages_workflow_builds_the_site_and_uploads_what_it_wrote() {
    let workflow = fs::read_to_string(Path::new(EXAMPLE).join("docs/github-pages.yml")).unwrap();
    let step = workflow
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("run: cargo run --release --locked -- ")
        })
        .expect("a step that builds the site");
    let arguments: Vec<&str> = step
        .split_whitespace()
        .map(|argument| match argument {
            "\"${{" | "steps.pages.outputs.base_url" | "}}\"" => "",
            other => other,
        })
        .filter(|argument| !argument.is_empty())
        .collect();
    assert_eq!(
        arguments,
        ["build", "--deny-warnings", "--base-url"],
        "the address is the last argument: {step}"
    );
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("output");
    let result = jaring()
        .args(&arguments)
        .arg("https://example.github.io/lebak")
        .args(["--root", EXAMPLE, "--output"])
        .arg(&output)
        .output()
        .unwrap();
    assert_succeeded(&result);
    let sitemap = fs::read_to_string(output.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.github.io/lebak/cakupan/</loc>"));
    let upload = workflow
        .split("uses: actions/upload-pages-artifact@")
        .nth(1)
        .and_then(|rest| {
            rest.lines()
                .find_map(|line| line.trim().strip_prefix("path: "))
        });
    assert_eq!(
        upload,
        Some("output"),
        "build's default --output, ROOT/output"
    );
}
