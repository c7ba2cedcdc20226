//! Narrative pages: Markdown from `content/` whose live figures
//! (`{{ value(key="paid") }}`, `{{ chart(id="budget_by_month") }}`) are filled
//! in from the model at build time, so the text never goes stale.
//!
//! Calls are checked first by a scan that knows each call's line and column,
//! so an unknown key is reported where it is; tera then does the rendering.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use tera::{Context, Kwargs, State, Tera, TeraResult};

use super::escape::escape_xml;
use super::figures::FIGURE_IDS;
use crate::diag::{Diagnostic, Diagnostics, Place, Severity};
use crate::load::Page;
use crate::text::suggest::closest;

/// Where a figure goes in rendered Markdown; replaced by the figure's HTML.
pub fn figure_placeholder(id: &str) -> String {
    format!("<div data-jaring-figure=\"{id}\"></div>")
}

/// Formatted values by key, as the current language writes them.
pub type Values = BTreeMap<String, String>;

/// A content page's body as HTML, and as the words it shows (for the search index).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Narrative {
    pub html: String,
    pub text: String,
}

/// Renders a page body to HTML, or reports every problem in it. Raw HTML in
/// the Markdown is shown as text unless the site allows it.
pub fn render_page(
    page: &Page,
    values: &Arc<Values>,
    allow_raw_html: bool,
    diagnostics: &mut Diagnostics,
) -> Option<Narrative> {
    let markdown = fill(page, values, diagnostics)?;
    if !allow_raw_html {
        warn_of_raw_html(page, &markdown, diagnostics);
    }
    let html = markdown_to_html(&markdown, allow_raw_html);
    refuse_personal_data_as_published(page, &html, diagnostics)?;
    // Values go in after Markdown, so data can never add markup: a program
    // named "[x](javascript:...)" stays text.
    Some(Narrative {
        html: put_values(html, values, escape_xml),
        text: put_values(markdown_to_text(&markdown), values, str::to_string),
    })
}

/// HTML's character references as a browser reads them: numeric ones and
/// the named ones that can spell a digit, a separator or an `@`. Markdown's
/// own references are decoded by the parser already; these remain in raw
/// HTML a site allows.
fn decode_entities(html: &str) -> String {
    let mut decoded = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('&') {
        decoded.push_str(&rest[..start]);
        rest = &rest[start..];
        let reference = rest[1..]
            .find(';')
            .filter(|&end| end <= 32)
            .map(|end| &rest[1..=end]);
        let character = reference.and_then(|name| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "commat" => Some('@'),
            "period" => Some('.'),
            "hyphen" | "dash" => Some('-'),
            "nbsp" => Some('\u{a0}'),
            _ => {
                let number = name.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (reference, character) {
            (Some(name), Some(character)) => {
                decoded.push(character);
                rest = &rest[name.len() + 2..];
            }
            _ => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// Refuses personal data that appears only once the page is rendered: made
/// by a `{{ }}` expression or written with HTML entities (`&#64;`), where the
/// check of the file as written cannot see it. The page's HTML is searched,
/// text and link addresses alike, before the data's values go in: those
/// were checked cell by cell when the data was loaded.
fn refuse_personal_data_as_published(
    page: &Page,
    html: &str,
    diagnostics: &mut Diagnostics,
) -> Option<()> {
    let decoded = decode_entities(html);
    let Some(found) = crate::text::personal_data::find_personal_value(&decoded) else {
        return Some(());
    };
    let shown = crate::text::mask::mask(&decoded[found.start..found.end], found.kind);
    diagnostics.push(
        Diagnostic::error(
            Place::file(&page.path),
            format!(
                "the page as published shows {}: '{shown}'",
                found.kind.describe()
            ),
        )
        .with_hint(
            "it is made by a {{ }} expression or written with HTML entities; remove it: \
             jaring publishes no personal data",
        ),
    );
    None
}

/// A chapter a narrative starts with a level-1 heading: its title and its
/// text, each a page of its own so that values are filled in and problems
/// reported at their lines as in any page.
pub struct Chapter {
    pub title: Page,
    pub body: Page,
}

/// The report's narrative cut at its level-1 headings: the text before the
/// first (the summary), and a chapter from each (such as its conclusions).
pub fn split_chapters(page: &Page) -> (Page, Vec<Chapter>) {
    let body = &page.body;
    // Each level-1 heading: where it starts, where its words are, where it ends.
    let mut headings: Vec<(usize, Range<usize>, usize)> = Vec::new();
    let mut open: Option<(usize, Option<Range<usize>>)> = None;
    for (event, range) in Parser::new_ext(body, HTML_OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H1,
                ..
            }) => open = Some((range.start, None)),
            Event::End(TagEnd::Heading(pulldown_cmark::HeadingLevel::H1)) => {
                if let Some((start, words)) = open.take() {
                    headings.push((start, words.unwrap_or(range.end..range.end), range.end));
                }
            }
            _ => {
                if let Some((_, words)) = &mut open {
                    let covered = words.get_or_insert(range.clone());
                    *covered = covered.start.min(range.start)..covered.end.max(range.end);
                }
            }
        }
    }
    let part = |range: Range<usize>| Page {
        body: body[range.clone()].to_string(),
        body_offset_lines: page.body_offset_lines + body[..range.start].matches('\n').count(),
        ..page.clone()
    };
    let summary_end = headings.first().map_or(body.len(), |(start, _, _)| *start);
    let chapters = headings
        .iter()
        .enumerate()
        .map(|(index, (_, words, end))| {
            let next = headings
                .get(index + 1)
                .map_or(body.len(), |(start, _, _)| *start);
            Chapter {
                title: part(words.clone()),
                body: part(*end..next),
            }
        })
        .collect();
    (part(0..summary_end), chapters)
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
        let literal = super::pdf::typst_string(value);
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
    // Values are escaped by jaring, after Markdown, for HTML and Typst alike.
    tera.autoescape_on(Vec::<&str>::new());
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
    // Added under the page's own path, which tera then names in its errors.
    let rendered = tera
        .add_raw_template(&page.path, &page.body)
        .and_then(|()| tera.render(&page.path, &Context::new()));
    let markdown = match rendered {
        Ok(markdown) => {
            refuse_script_urls(page, &markdown, values, diagnostics);
            if diagnostics.error_count() > errors_before {
                return None;
            }
            markdown
        }
        Err(error) => {
            let hint = "live figures are written {{ value(key=\"paid\") }} or {{ chart(id=\"budget_by_month\") }}";
            for diagnostic in fill_errors(page, &error) {
                diagnostics.push(diagnostic.with_hint(hint));
            }
            return None;
        }
    };
    Some(markdown)
}

/// A tera error in a page as diagnostics at the page file's lines.
fn fill_errors(page: &Page, error: &tera::Error) -> Vec<Diagnostic> {
    let at_body = |range: Range<usize>, message: &str| {
        let mut diagnostic = Diagnostic::error_at(&page.path, &page.body, range, message);
        diagnostic.place.move_down(page.body_offset_lines);
        diagnostic
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report)
            if report.span().range.end <= page.body.len() =>
        {
            return vec![at_body(report.span().range.clone(), report.message())];
        }
        // Unknown filters, tests, functions and templates come only as
        // printed reports, which place them in the body: read them back.
        tera::ErrorKind::Msg(printed) => {
            let placed: Vec<Diagnostic> = printed_problems(printed, &page.path)
                .into_iter()
                .filter_map(|(message, line, column, width)| {
                    let range = body_range(&page.body, line, column, width)?;
                    Some(at_body(range, &message))
                })
                .collect();
            if !placed.is_empty() {
                return placed;
            }
        }
        _ => {}
    }
    vec![Diagnostic::error(
        Place::line(&page.path, page.body_offset_lines + 1),
        format!("cannot fill in the page: {}", error_chain(error)),
    )]
}

/// The problems of a report as tera prints it: per problem a line
/// `error: MESSAGE`, a line ` --> NAME:LINE:COLUMN` and, under the quoted
/// source, a row of carets; as (message, line, column, carets).
fn printed_problems(printed: &str, name: &str) -> Vec<(String, usize, usize, usize)> {
    let mut problems = Vec::new();
    let mut lines = printed.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let place = lines
            .next()
            .and_then(|line| line.trim_start().strip_prefix("--> "))
            .and_then(|place| place.strip_prefix(name)?.strip_prefix(':'))
            .and_then(|place| place.split_once(':'))
            .and_then(|(line, column)| Some((line.parse().ok()?, column.parse().ok()?)));
        let Some((line, column)) = place else {
            continue;
        };
        let carets = lines
            .by_ref()
            .take(4)
            .find(|row| row.contains('^'))
            .map_or(1, |row| row.matches('^').count());
        problems.push((message.to_string(), line, column, carets));
    }
    problems
}

/// The bytes of `width` characters from 1-based `line` and `column` of `text`.
fn body_range(text: &str, line: usize, column: usize, width: usize) -> Option<Range<usize>> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let mut characters = text[line_start..]
        .char_indices()
        .map(|(index, _)| line_start + index)
        .chain([text.len()]);
    let start = characters.nth(column.checked_sub(1)?)?;
    let end = characters
        .nth(width.saturating_sub(1))
        .unwrap_or(text.len());
    Some(start..end)
}

/// Stands for a value in Markdown: private-use characters and digits, which
/// Markdown leaves alone.
fn value_token(index: usize) -> String {
    format!("\u{e000}{index}\u{e001}")
}

const HTML_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// Markdown as HTML; raw HTML in it becomes text unless `allow_raw_html`
/// (figure placeholders, which jaring writes itself, always stay).
pub fn markdown_to_html(markdown: &str, allow_raw_html: bool) -> String {
    let mut events = Vec::new();
    let mut parser = Parser::new_ext(markdown, HTML_OPTIONS);
    while let Some(event) = parser.next() {
        match event {
            Event::Start(Tag::HtmlBlock) if !allow_raw_html => {
                let block: Vec<Event> = parser
                    .by_ref()
                    .take_while(|event| *event != Event::End(TagEnd::HtmlBlock))
                    .collect();
                if block.iter().all(is_figure_placeholder) {
                    events.extend(block);
                } else {
                    events.push(Event::Start(Tag::Paragraph));
                    events.extend(block.into_iter().map(as_text));
                    events.push(Event::End(TagEnd::Paragraph));
                }
            }
            Event::InlineHtml(_) if !allow_raw_html => events.push(as_text(event)),
            event => events.push(event),
        }
    }
    let mut output = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut output, events.into_iter());
    // A wide table scrolls inside its own box instead of widening the page.
    output
        .replace(
            "<table>",
            "<div class=\"table-scroll\" tabindex=\"0\"><table>",
        )
        .replace("</table>", "</table></div>")
}

fn is_figure_placeholder(event: &Event) -> bool {
    matches!(event, Event::Html(html) if FIGURE_IDS.iter().any(|id| html.trim() == figure_placeholder(id)))
}

/// Raw HTML as text, which the HTML writer escapes.
fn as_text(event: Event) -> Event {
    match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    }
}

/// The words of Markdown, one space between blocks; raw HTML left out.
fn markdown_to_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, HTML_OPTIONS) {
        match event {
            Event::Text(words) | Event::Code(words) => text.push_str(&words),
            // Inline markup (`JK**K**`) joins its words; blocks part them.
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(tag) if !is_inline(tag) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_inline(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// URL schemes that run code when followed: refused in every link and image,
/// whoever writes them. `data:` images are pictures and stay allowed.
fn script_scheme(url: &str, image: bool) -> Option<&'static str> {
    // Browsers skip spaces and control characters before the scheme and tabs
    // and newlines inside it: "java\tscript:" runs too.
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|scheme| squeezed.starts_with(scheme))
        .filter(|scheme| !(image && *scheme == "data:" && squeezed.starts_with("data:image/")))
}

/// Reports every link and image whose address would run a script.
fn refuse_script_urls(page: &Page, markdown: &str, values: &Values, diagnostics: &mut Diagnostics) {
    for (event, range) in Parser::new_ext(markdown, HTML_OPTIONS).into_offset_iter() {
        let (url, image) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let address = put_values(url.to_string(), values, str::to_string);
        let Some(scheme) = script_scheme(&address, image) else {
            continue;
        };
        let written = &markdown[range];
        let place = written.find(url.as_ref()).map(|at| at..at + url.len());
        diagnostics.push(
            diagnostic_at(
                page,
                written,
                place,
                format!("a {scheme} address would run a script on the site"),
            )
            .with_hint("link to an https:// address or a page of the site"),
        );
    }
}

/// Warns of raw HTML, which the site shows as text.
fn warn_of_raw_html(page: &Page, markdown: &str, diagnostics: &mut Diagnostics) {
    for (event, range) in Parser::new_ext(markdown, HTML_OPTIONS).into_offset_iter() {
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) && !is_figure_placeholder(&event)
        {
            let mut warning = diagnostic_at(
                page,
                &markdown[range],
                None,
                "raw HTML is shown as text, not as markup".to_string(),
            )
            .with_hint("write it in Markdown, or set allow_raw_html = true in site.toml if the site must publish it");
            warning.severity = Severity::Warning;
            diagnostics.push(warning);
        }
    }
}

/// A problem with `written`, a piece of the filled-in Markdown (and with
/// `part` of it, if given): at its place in the page's file when the file
/// holds it as it is, else (a template expression made it) at the page's first line.
fn diagnostic_at(
    page: &Page,
    written: &str,
    part: Option<Range<usize>>,
    message: String,
) -> Diagnostic {
    let written = written.trim_end();
    match page.body.find(written) {
        Some(at) => {
            let range = part.map_or(at..at + written.len(), |part| {
                at + part.start..at + part.end
            });
            let mut diagnostic = Diagnostic::error_at(&page.path, &page.body, range, message);
            diagnostic.place.move_down(page.body_offset_lines);
            diagnostic
        }
        None => Diagnostic::error(Place::line(&page.path, page.body_offset_lines + 1), message),
    }
}

/// Markdown as Typst markup. Every piece of text becomes a Typst string
/// literal, so nothing in it can be read as markup; a figure placeholder
/// becomes a call of `jaring_figure`, which the report template defines.
pub fn markdown_to_typst(markdown: &str) -> String {
    let string = super::pdf::typst_string;
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
            diagnostic.place.move_down(page.body_offset_lines);
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

    #[test]
    fn text_for_search_keeps_words_whole_across_inline_markup() {
        assert_eq!(
            markdown_to_text("Klaim JK**K** dan *J*KM.\n\n## Sumber\nData"),
            "Klaim JKK dan JKM. Sumber Data"
        );
    }

    fn page(body: &str) -> Page {
        Page {
            path: "content/x.md".into(),
            name: "x".into(),
            title: "X".into(),
            description: String::new(),
            body: body.into(),
            body_offset_lines: 3,
            foreword: None,
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
    fn a_narrative_splits_into_its_summary_and_a_chapter_per_level_one_heading() {
        let narrative = page(
            "Ringkasan.\n\n## Rincian\nIsi.\n\n# Kesimpulan *utama*\n\n- satu\n\n# Tindak lanjut\nDua.\n",
        );
        let (summary, chapters) = split_chapters(&narrative);
        assert_eq!(summary.body, "Ringkasan.\n\n## Rincian\nIsi.\n\n");
        let parts: Vec<(&str, &str, usize)> = chapters
            .iter()
            .map(|c| {
                (
                    c.title.body.as_str(),
                    c.body.body.as_str(),
                    c.body.body_offset_lines,
                )
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("Kesimpulan *utama*", "\n- satu\n\n", 9),
                ("Tindak lanjut", "Dua.\n", 13)
            ]
        );
        assert_eq!(chapters[0].title.body_offset_lines, 8);
        let (whole, none) = split_chapters(&page("Tanpa bab.\n"));
        assert_eq!((whole.body.as_str(), none.len()), ("Tanpa bab.\n", 0));
    }

    #[test]
    fn values_cannot_add_markup() {
        let mut diagnostics = Diagnostics::default();
        let body = "# {{ value(key=\"program_name\") }}\n";
        let html = render_page(&page(body), &values(), false, &mut diagnostics)
            .unwrap()
            .html;
        assert_eq!(html, "<h1>[klik](javascript:alert(1)) _Program_</h1>\n");
    }

    #[test]
    fn fills_values_escaped_and_places_charts() {
        let mut diagnostics = Diagnostics::default();
        let html = render_page(&page("Dibayar {{ value(key=\"paid\") }} di {{value(key='region')}}.\n\n{{ chart(id=\"budget_by_month\") }}\n"), &values(), false, &mut diagnostics).unwrap().html;
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
        assert!(render_page(&page(body), &values(), false, &mut diagnostics).is_none());
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
        assert!(
            render_page(
                &page("Satu.\n\n{% if %}\n"),
                &values(),
                false,
                &mut diagnostics
            )
            .is_none()
        );
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
