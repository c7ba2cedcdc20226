//! The pipeline's layering, checked on the source: data flows load -> model
//! -> render -> write, so no module imports a later stage, the base modules
//! (diag, calendar, language, text) import nothing of the pipeline, nothing imports
//! cmd, and the modules inside one stage import each other without a circle.
//!
//! Every `crate::` path counts, in a `use` or written out in code, and so
//! does a `super::` path that climbs to a module's parent or above.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and what it may import besides itself. A module
/// missing here fails the test until its place in the layering is decided.
const MAY_IMPORT: [(&str, &[&str]); 9] = [
    ("text", &[]),
    ("calendar", &[]),
    ("language", &[]),
    ("diag", &["text"]),
    ("load", &["diag", "calendar", "language", "text"]),
    ("model", &["load", "diag", "calendar", "language", "text"]),
    (
        "render",
        &["model", "load", "diag", "calendar", "language", "text"],
    ),
    (
        "write",
        &["render", "load", "diag", "calendar", "language", "text"],
    ),
    (
        "cmd",
        &[
            "write", "render", "model", "load", "diag", "calendar", "language", "text",
        ],
    ),
];

/// A module by its path from the crate root: `src/load/members/mod.rs` is
/// `["load", "members"]`.
type ModulePath = Vec<String>;

#[test]
fn no_module_imports_against_the_layering_or_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(&src).unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let name = relative.to_string_lossy().replace('\\', "/");
            files.push((name, std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    let problems = layering_problems(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_finds_an_import_of_a_later_stage_and_a_circle() {
    let files = [
        (
            "diag.rs",
            "fn f() { crate::load::personal_data::mask_all(x) }",
        ),
        ("load/mod.rs", "pub mod claimants;\npub mod members;"),
        ("load/claimants.rs", "use super::members::Member;"),
        (
            "load/members/mod.rs",
            "use crate::load::{claimants::Claimants, csv_reader};",
        ),
        ("load/csv_reader.rs", ""),
        ("render/markdown.rs", "use crate::cmd::run;"),
        ("cmd/mod.rs", ""),
        (
            "model/mod.rs",
            "#[cfg(test)]\nmod tests {\n    use super::*;\n}",
        ),
        ("wire.rs", ""),
    ]
    .map(|(name, text)| (name.to_string(), text.to_string()));
    let problems = layering_problems(&files);
    assert_eq!(
        problems,
        [
            "src/diag.rs: diag may not import load",
            "src/render/markdown.rs: render may not import cmd",
            "src/wire.rs: wire is not in MAY_IMPORT: decide what it may import",
            "import circle: load::claimants -> load::members -> load::claimants",
        ]
    );
}

/// Every import against the layering and every circle among the modules
/// of one stage, given each file of src/ by its `/`-separated path.
fn layering_problems(files: &[(String, String)]) -> Vec<String> {
    let layers: BTreeMap<&str, &[&str]> = MAY_IMPORT.into_iter().collect();
    let modules: BTreeSet<ModulePath> = files.iter().map(|(name, _)| module_of(name)).collect();
    let mut problems = Vec::new();
    let mut imports: BTreeMap<ModulePath, BTreeSet<ModulePath>> = BTreeMap::new();
    for (name, text) in files {
        let module = module_of(name);
        let Some(stage) = module.first() else {
            continue;
        };
        let Some(allowed) = layers.get(stage.as_str()) else {
            if !matches!(stage.as_str(), "lib" | "main") {
                problems.push(format!(
                    "src/{name}: {stage} is not in MAY_IMPORT: decide what it may import"
                ));
            }
            continue;
        };
        for target in references(&module, text) {
            let Some(target_stage) = target.first() else {
                continue;
            };
            if target_stage != stage && !allowed.contains(&target_stage.as_str()) {
                problems.push(format!("src/{name}: {stage} may not import {target_stage}"));
                continue;
            }
            // The sibling modules the two paths part at, below the crate root.
            let shared = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if shared > 0 && shared < module.len() && shared < target.len() {
                let sibling = target[..=shared].to_vec();
                if modules.contains(&sibling) {
                    imports
                        .entry(module[..=shared].to_vec())
                        .or_default()
                        .insert(sibling);
                }
            }
        }
    }
    problems.extend(circles(&imports));
    problems
}

fn module_of(file: &str) -> ModulePath {
    let mut path: ModulePath = file
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if path.last().is_some_and(|last| last == "mod") {
        path.pop();
    }
    path
}

/// The module paths that `text`, the source of `module`, refers to through
/// `crate::` or `super::`, resolved from the crate root.
fn references(module: &ModulePath, text: &str) -> Vec<ModulePath> {
    let code: String = text
        .lines()
        .map(|line| line.split_once("//").map_or(line, |(code, _)| code))
        .collect::<Vec<_>>()
        .join("\n");
    // A file's tests sit one module deeper than the file, in `mod tests`.
    let tests_start = code.find("mod tests {").unwrap_or(code.len());
    let mut starts: Vec<usize> = code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = code[..at].bytes().next_back();
            !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':')
        })
        .collect();
    starts.sort_unstable();
    let mut found = Vec::new();
    for start in starts {
        let mut base = module.clone();
        if start > tests_start {
            base.push("tests".to_string());
        }
        let mut after = &code[start..];
        if let Some(path) = after.strip_prefix("crate::") {
            base.clear();
            after = path;
        } else {
            while let Some(path) = after.strip_prefix("super::") {
                base.pop();
                after = path;
            }
        }
        for tail in path_tree(after) {
            let mut target = base.clone();
            target.extend(tail.into_iter().filter(|segment| segment != "self"));
            found.push(target);
        }
    }
    found
}

/// The paths a `use` tree starting at `text` names, as segments:
/// `a::{b, c::d}` is `[a, b]` and `[a, c, d]`.
fn path_tree(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut parts = Vec::new();
        let mut start = 0;
        for (at, character) in group.char_indices() {
            match character {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    parts.push(&group[start..at]);
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&group[start..at]);
                    start = at + 1;
                }
                _ => {}
            }
        }
        return parts
            .into_iter()
            .filter(|part| !part.trim().is_empty())
            .flat_map(path_tree)
            .collect();
    }
    let length = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '*'))
        .unwrap_or(text.len());
    if length == 0 {
        return vec![Vec::new()];
    }
    let segment = text[..length].to_string();
    match text[length..].strip_prefix("::") {
        Some(rest) => path_tree(rest)
            .into_iter()
            .map(|mut tail| {
                tail.insert(0, segment.clone());
                tail
            })
            .collect(),
        None => vec![vec![segment]],
    }
}

/// Every circle in the imports between sibling modules, once each.
fn circles(imports: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Vec<String> {
    fn visit(
        module: &ModulePath,
        imports: &BTreeMap<ModulePath, BTreeSet<ModulePath>>,
        trail: &mut Vec<ModulePath>,
        done: &mut BTreeSet<ModulePath>,
        found: &mut Vec<String>,
    ) {
        if let Some(start) = trail.iter().position(|m| m == module) {
            let circle: Vec<String> = trail[start..]
                .iter()
                .chain([module])
                .map(|m| m.join("::"))
                .collect();
            found.push(format!("import circle: {}", circle.join(" -> ")));
            return;
        }
        if !done.insert(module.clone()) {
            return;
        }
        trail.push(module.clone());
        for next in imports.get(module).into_iter().flatten() {
            visit(next, imports, trail, done, found);
        }
        trail.pop();
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for module in imports.keys() {
        visit(module, imports, &mut Vec::new(), &mut done, &mut found);
    }
    found
}
