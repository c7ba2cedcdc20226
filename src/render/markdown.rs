//! Narrative pages: Markdown from `content/` whose live figures
//! (`{{ value(key="paid") }}`, `{{ chart(id="budget_by_month") }}`) are filled
//! in from the model at build time, so the text never goes stale.
//!
//! Calls are checked first by a scan that knows each call's line and column,
//! so an unknown key is reported where it is; tera then does the rendering.

use std::collections::BTreeMap;
use std::sync::Arc;

use pulldown_cmark::{Options, Parser, html};
use tera::{Context, Kwargs, State, Tera, TeraResult};

use super::escape::escape_xml;
use super::figures::FIGURE_IDS;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::Page;
use crate::load::csv_reader::closest;

/// Where a figure goes in rendered Markdown; replaced by the figure's HTML.
pub fn figure_placeholder(id: &str) -> String {
    format!("<div data-jaring-figure=\"{id}\"></div>")
}

/// Formatted values by key, as the current language writes them.
pub type Values = BTreeMap<String, String>;

/// Renders a page body to HTML, or reports every problem in it.
pub fn render_page(
    page: &Page,
    values: &Arc<Values>,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let markdown = fill(page, values, diagnostics)?;
    // Values go in after Markdown, so data can never add markup: a program
    // named "[x](javascript:...)" stays text.
    Some(put_values(markdown_to_html(&markdown), values, escape_xml))
}

/// A page body as Typst markup, for the printed report.
pub fn render_page_typst(
    page: &Page,
    values: &Arc<Values>,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let markdown = fill(page, values, diagnostics)?;
    // The tokens sit inside Typst string literals: escape for those.
    Some(put_values(markdown_to_typst(&markdown), values, |value| {
        let literal = super::report::typst_string(value);
        literal[1..literal.len() - 1].to_string()
    }))
}

fn put_values(mut text: String, values: &Values, escape: impl Fn(&str) -> String) -> String {
    for (index, value) in values.values().enumerate() {
        let token = value_token(index);
        if text.contains(&token) {
            text = text.replace(&token, &escape(value));
        }
    }
    text
}

/// The Markdown of a page with its `{{ ... }}` calls done: value tokens and
/// figure placeholders in place.
fn fill(page: &Page, values: &Arc<Values>, diagnostics: &mut Diagnostics) -> Option<String> {
    let errors_before = diagnostics.error_count();
    check_calls(page, values, diagnostics);
    if diagnostics.error_count() > errors_before {
        return None;
    }
    let mut tera = Tera::new();
    let known = Arc::clone(values);
    tera.register_function(
        "value",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            Ok(known
                .keys()
                .position(|k| k == key)
                .map(value_token)
                .unwrap_or_default())
        },
    );
    tera.register_function("chart", |kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let id: &str = kwargs.must_get("id")?;
        Ok(format!("\n\n{}\n\n", figure_placeholder(id)))
    });
    let markdown = match tera.render_str(&page.body, &Context::new(), false) {
        Ok(markdown) => markdown,
        Err(error) => {
            let hint = "live figures are written {{ value(key=\"paid\") }} or {{ chart(id=\"budget_by_month\") }}";
            let diagnostic = match error.kind() {
                tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report)
                    if report.span().range.end <= page.body.len() =>
                {
                    let mut diagnostic = Diagnostic::error_at(
                        &page.path,
                        &page.body,
                        report.span().range.clone(),
                        report.message(),
                    );
                    diagnostic.line += page.body_offset_lines;
                    diagnostic
                }
                _ => Diagnostic::error(
                    &page.path,
                    page.body_offset_lines + 1,
                    0,
                    format!("cannot fill in the page: {}", error_chain(&error)),
                ),
            };
            diagnostics.push(diagnostic.with_hint(hint));
            return None;
        }
    };
    Some(markdown)
}

/// Stands for a value in Markdown: private-use characters and digits, which
/// Markdown leaves alone.
fn value_token(index: usize) -> String {
    format!("\u{e000}{index}\u{e001}")
}

pub fn markdown_to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut output = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut output, Parser::new_ext(markdown, options));
    // A wide table scrolls inside its own box instead of widening the page.
    output
        .replace(
            "<table>",
            "<div class=\"table-scroll\" tabindex=\"0\"><table>",
        )
        .replace("</table>", "</table></div>")
}

/// Markdown as Typst markup. Every piece of text becomes a Typst string
/// literal, so nothing in it can be read as markup; a figure placeholder
/// becomes a call of `jaring_figure`, which the report template defines.
pub fn markdown_to_typst(markdown: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let string = super::report::typst_string;
    let mut typst = String::with_capacity(markdown.len() * 2);
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                typst.push_str(&format!("#heading(level: {})[", level as usize))
            }
            Event::End(TagEnd::Heading(_)) => typst.push_str("]\n\n"),
            Event::End(TagEnd::Paragraph) => typst.push_str("\n\n"),
            Event::Start(Tag::BlockQuote(_)) => typst.push_str("#quote(block: true)["),
            Event::End(TagEnd::BlockQuote(_)) => typst.push_str("]\n\n"),
            Event::Start(Tag::List(Some(_))) => typst.push_str("#enum("),
            Event::Start(Tag::List(None)) => typst.push_str("#list("),
            Event::End(TagEnd::List(_)) => typst.push_str(")\n\n"),
            Event::Start(Tag::Item) | Event::Start(Tag::TableCell) => typst.push('['),
            Event::End(TagEnd::Item) | Event::End(TagEnd::TableCell) => typst.push_str("],"),
            Event::Start(Tag::Emphasis) => typst.push_str("#emph["),
            Event::Start(Tag::Strong) => typst.push_str("#strong["),
            Event::Start(Tag::Strikethrough) => typst.push_str("#strike["),
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => typst.push(']'),
            Event::Start(Tag::Link { dest_url, .. }) => {
                typst.push_str(&format!("#link({})[", string(&dest_url)))
            }
            Event::Start(Tag::Table(alignments)) => {
                typst.push_str(&format!("#table(columns: {}, ", alignments.len().max(1)))
            }
            Event::End(TagEnd::Table) => typst.push_str(")\n\n"),
            Event::Start(Tag::TableHead) => typst.push_str("table.header("),
            Event::End(TagEnd::TableHead) => typst.push_str("),"),
            Event::Text(text) => typst.push_str(&format!("#{}", string(&text))),
            Event::Code(code) => typst.push_str(&format!("#raw({})", string(&code))),
            Event::SoftBreak => typst.push(' '),
            Event::HardBreak => typst.push_str("#linebreak()"),
            Event::Rule => typst.push_str("#line(length: 100%)\n\n"),
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(id) = html
                    .split("data-jaring-figure=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                {
                    typst.push_str(&format!("\n#jaring_figure({})\n\n", string(id)));
                }
            }
            _ => {}
        }
    }
    typst
}

/// The error and its causes, one sentence each.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Reports every `value(key=...)` and `chart(id=...)` naming something unknown.
fn check_calls(page: &Page, values: &Values, diagnostics: &mut Diagnostics) {
    let body = &page.body;
    let keys: Vec<&str> = values.keys().map(String::as_str).collect();
    let mut search_from = 0;
    while let Some(start) = body[search_from..].find("{{").map(|i| i + search_from) {
        let Some(end) = body[start..].find("}}").map(|i| i + start) else {
            break;
        };
        search_from = end + 2;
        let call = &body[start + 2..end];
        let mut report = |message: String, hint: String| {
            let mut diagnostic =
                Diagnostic::error_at(&page.path, body, start..end + 2, message).with_hint(hint);
            diagnostic.line += page.body_offset_lines;
            diagnostics.push(diagnostic)
        };
        if let Some(key) = argument(call, "value", "key") {
            if !values.contains_key(key) {
                let hint = match closest(key, &keys) {
                    Some(near) => format!("did you mean '{near}'? The README lists every key"),
                    None => format!("known keys: {}", keys.join(", ")),
                };
                report(format!("unknown value key '{key}'"), hint);
            }
        } else if let Some(id) = argument(call, "chart", "id") {
            if !FIGURE_IDS.contains(&id) {
                let hint = match closest(id, &FIGURE_IDS) {
                    Some(near) => format!("did you mean '{near}'?"),
                    None => format!("known charts: {}", FIGURE_IDS.join(", ")),
                };
                report(format!("unknown chart id '{id}'"), hint);
            }
        } else if call.contains("value") || call.contains("chart") {
            report(
                format!("cannot read '{{{{{call}}}}}'"),
                "write {{ value(key=\"paid\") }} or {{ chart(id=\"budget_by_month\") }}"
                    .to_string(),
            );
        }
    }
}

/// The quoted argument of `function(name="...")`, allowing spaces and either quote.
fn argument<'a>(call: &'a str, function: &str, name: &str) -> Option<&'a str> {
    let rest = call
        .trim()
        .strip_prefix(function)?
        .trim_start()
        .strip_prefix('(')?;
    let rest = rest
        .trim_start()
        .strip_prefix(name)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    let close = rest.find(quote)?;
    rest[close + 1..]
        .trim_start()
        .starts_with(')')
        .then(|| &rest[..close])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Page {
        Page {
            path: "content/x.md".into(),
            name: "x".into(),
            title: "X".into(),
            description: String::new(),
            body: body.into(),
            body_offset_lines: 3,
        }
    }

    fn values() -> Arc<Values> {
        Arc::new(Values::from([
            ("paid".to_string(), "Rp1.000".to_string()),
            ("region".to_string(), "<Lebak>".to_string()),
            (
                "program_name".to_string(),
                "[klik](javascript:alert(1)) _Program_".to_string(),
            ),
        ]))
    }

    #[test]
    fn values_cannot_add_markup() {
        let mut diagnostics = Diagnostics::default();
        let body = "# {{ value(key=\"program_name\") }}\n";
        let html = render_page(&page(body), &values(), &mut diagnostics).unwrap();
        assert_eq!(html, "<h1>[klik](javascript:alert(1)) _Program_</h1>\n");
    }

    #[test]
    fn fills_values_escaped_and_places_charts() {
        let mut diagnostics = Diagnostics::default();
        let html = render_page(&page("Dibayar {{ value(key=\"paid\") }} di {{value(key='region')}}.\n\n{{ chart(id=\"budget_by_month\") }}\n"), &values(), &mut diagnostics).unwrap();
        assert!(diagnostics.is_empty());
        assert_eq!(
            html,
            "<p>Dibayar Rp1.000 di &lt;Lebak&gt;.</p>\n<div data-jaring-figure=\"budget_by_month\"></div>\n"
        );
    }

    #[test]
    fn unknown_keys_are_errors_at_their_line() {
        let mut diagnostics = Diagnostics::default();
        let body = "Baris satu.\nDibayar {{ value(key=\"payd\") }}.\n{{ chart(id=\"nope\") }}\n";
        assert!(render_page(&page(body), &values(), &mut diagnostics).is_none());
        let messages: Vec<String> = diagnostics.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages[0],
            "content/x.md:5:9: error: unknown value key 'payd'\n  hint: did you mean 'paid'? The README lists every key"
        );
        assert!(messages[1].starts_with("content/x.md:6:1: error: unknown chart id 'nope'"));
    }

    #[test]
    fn template_syntax_errors_point_at_their_line() {
        let mut diagnostics = Diagnostics::default();
        assert!(render_page(&page("Satu.\n\n{% if %}\n"), &values(), &mut diagnostics).is_none());
        let message = diagnostics.sorted()[0].to_string();
        assert!(message.starts_with("content/x.md:6:"), "{message}");
    }

    #[test]
    fn markdown_becomes_typst_with_text_as_strings() {
        let typst = markdown_to_typst(
            "## Judul\n\nTeks *miring* dan **tebal** #tagar $x$.\n\n- satu\n- dua\n",
        );
        assert_eq!(
            typst,
            "#heading(level: 2)[#\"Judul\"]\n\n#\"Teks \"#emph[#\"miring\"]#\" dan \"#strong[#\"tebal\"]#\" #tagar $x$.\"\n\n#list([#\"satu\"],[#\"dua\"],)\n\n"
        );
    }

    #[test]
    fn arguments_parse_with_either_quote() {
        assert_eq!(
            argument(" value(key=\"paid\") ", "value", "key"),
            Some("paid")
        );
        assert_eq!(
            argument("value( key = 'paid' )", "value", "key"),
            Some("paid")
        );
        assert_eq!(argument("value(key=paid)", "value", "key"), None);
    }
}
