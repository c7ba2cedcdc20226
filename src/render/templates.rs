//! The templates: jaring's built-in ones (embedded in the binary) with the
//! site's own `templates/` over them, parsed once for every language (a
//! language differs only in what the templates are given), and a template's
//! errors as diagnostics at its line.
//!
//! Imports the loaded template files and the diagnostics; the pages render
//! through [`Templates`].

use std::collections::BTreeMap;

use tera::{Context, Tera, TeraResult};

use super::markdown;
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::load::TemplateFile;

/// The built-in templates and assets, as shipped in `templates/`.
pub const BUILT_IN: [(&str, &str); 18] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("data.html", include_str!("../../templates/data.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("quality.html", include_str!("../../templates/quality.html")),
    ("rilis.html", include_str!("../../templates/rilis.html")),
    ("figure.html", include_str!("../../templates/figure.html")),
    ("table.html", include_str!("../../templates/table.html")),
    ("chart.html", include_str!("../../templates/chart.html")),
    ("embed.html", include_str!("../../templates/embed.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("laporan.html", include_str!("../../templates/laporan.html")),
    ("laporan.typ", include_str!("../../templates/laporan.typ")),
    (
        "assets/tables.js",
        include_str!("../../templates/assets/tables.js"),
    ),
    (
        "assets/search.js",
        include_str!("../../templates/assets/search.js"),
    ),
    (
        "assets/style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    (
        "assets/favicon.svg",
        include_str!("../../templates/assets/favicon.svg"),
    ),
];

/// The templates in use, parsed.
pub struct Templates<'a> {
    tera: Tera,
    /// Every template in use by name, to quote in error reports.
    sources: BTreeMap<String, String>,
    site_templates: &'a [TemplateFile],
}

impl<'a> Templates<'a> {
    /// Loads the built-in templates, then the site's own over them; None
    /// when one does not parse (reported in `diagnostics`).
    pub fn load(
        site_templates: &'a [TemplateFile],
        diagnostics: &mut Diagnostics,
    ) -> Option<Templates<'a>> {
        let mut templates: BTreeMap<String, String> = BUILT_IN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        for file in site_templates {
            templates.insert(file.name.clone(), file.text.clone());
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        tera.register_filter("typst", |text: &str, _: tera::Kwargs, _: &tera::State| {
            super::pdf::typst_string(text)
        });
        // A table view's column widths for the report (a revised cell's
        // mark hangs into the cell's inset and takes no width).
        tera.register_filter(
            "typst_widths",
            |table: &tera::Value, _: tera::Kwargs, _: &tera::State| {
                let texts = |value: &tera::Value, key: &str| -> Vec<tera::Value> {
                    value
                        .get_from_path(key)
                        .and_then(|list| list.as_array())
                        .map(<[tera::Value]>::to_vec)
                        .unwrap_or_default()
                };
                let text = |cell: &tera::Value| {
                    cell.get_from_path("text")
                        .and_then(|t| t.as_str())
                        .unwrap_or("")
                        .to_string()
                };
                let headers: Vec<String> = texts(table, "headers").iter().map(text).collect();
                let rows = texts(table, "rows");
                let rows = rows.iter().map(|row| {
                    row.as_array()
                        .unwrap_or_default()
                        .iter()
                        .map(text)
                        .collect()
                });
                TeraResult::Ok(super::pdf::typst_column_widths(
                    headers.iter().map(String::as_str),
                    rows,
                ))
            },
        );
        let html_templates: Vec<(String, String)> = templates
            .iter()
            .filter(|(n, _)| n.ends_with(".html") || n.ends_with(".typ"))
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect();
        if let Err(error) = tera.add_raw_templates(html_templates) {
            diagnostics.push(template_error(&error, &templates, site_templates));
            return None;
        }
        Some(Templates {
            tera,
            sources: templates,
            site_templates,
        })
    }

    /// A template rendered, or None with its error in `diagnostics`.
    pub fn render(
        &self,
        template: &str,
        context: &Context,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        match self.tera.render(template, context) {
            Ok(html) => Some(html),
            Err(error) => {
                diagnostics.push(template_error(&error, &self.sources, self.site_templates));
                None
            }
        }
    }

    /// The assets (`assets/style.css`, ...), the site's own where it has one.
    pub fn assets(&self) -> Vec<super::OutputFile> {
        BUILT_IN
            .iter()
            .filter(|(name, _)| name.starts_with("assets/"))
            .map(|(name, built_in)| {
                let text = self
                    .site_templates
                    .iter()
                    .find(|t| t.name == *name)
                    .map_or(*built_in, |t| t.text.as_str());
                super::OutputFile {
                    path: name.to_string(),
                    bytes: text.as_bytes().to_vec(),
                }
            })
            .collect()
    }
}

/// Warnings for the site's template files that replace no built-in one and
/// that no template names (a partial would be `{% include "name" %}`d): a
/// misnamed `base.htm` would otherwise be ignored without a word.
pub fn unused_site_templates(site_templates: &[TemplateFile]) -> Vec<Diagnostic> {
    let built_in: Vec<&str> = BUILT_IN.iter().map(|(name, _)| *name).collect();
    site_templates
        .iter()
        .filter(|file| !built_in.contains(&file.name.as_str()))
        .filter(|file| {
            let quoted = [format!("\"{}\"", file.name), format!("'{}'", file.name)];
            !site_templates
                .iter()
                .any(|other| quoted.iter().any(|q| other.text.contains(q.as_str())))
        })
        .map(|file| {
            let hint = match crate::text::suggest::closest(&file.name, &built_in) {
                Some(name) => format!("did you mean {name}? A file here is used only when it replaces a built-in template of that name"),
                None => format!(
                    "a file here is used only when it replaces a built-in template: {}",
                    built_in.join(", ")
                ),
            };
            Diagnostic::warning(Place::file(format!("templates/{}", file.name)), "this template replaces no built-in template and no template uses it")
            .with_hint(hint)
        })
        .collect()
}

/// A tera error as a diagnostic at the template's line and column, with the
/// template's line shown; `sources` are the templates in use by name.
fn template_error(
    error: &tera::Error,
    sources: &BTreeMap<String, String>,
    site_templates: &[TemplateFile],
) -> Diagnostic {
    let hint = "fix the template, or delete it from templates/ to use the built-in one";
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => report,
        _ => {
            let message = format!("template problem: {}", markdown::error_chain(error));
            return Diagnostic::error(Place::folder("templates"), message).with_hint(hint);
        }
    };
    let name = report.filename();
    let own = site_templates.iter().any(|t| t.name == name);
    let message = if own {
        report.message().to_string()
    } else {
        format!(
            "{} (in jaring's built-in {name}, as used by your templates)",
            report.message()
        )
    };
    let span = report.span();
    match sources.get(name) {
        Some(text) if span.range.end <= text.len() => Diagnostic::error_at(
            format!("templates/{name}"),
            text,
            span.range.clone(),
            message,
        )
        .with_hint(hint),
        _ => Diagnostic::error(
            Place::position(
                format!("templates/{name}"),
                span.start_line,
                span.start_col + 1,
            ),
            message,
        )
        .with_hint(hint),
    }
}
