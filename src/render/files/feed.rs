//! The Atom feed of data releases of each language: one entry per version
//! of the data (each recorded release and correction, and the current data
//! when they are not recorded yet), so readers learn when figures are
//! published and when published figures are corrected.

use sha2::{Digest, Sha256};

use crate::calendar::Date;
use crate::render::escape::escape_xml;
use crate::render::history::Version;
use crate::render::sections::{Section, release_anchor};
use crate::render::{OutputFile, RenderContext};

/// The feed, newest version first; each entry links to the version's place
/// on the Releases page.
pub fn feed(context: &RenderContext) -> OutputFile {
    let (model, strings, language) = (context.model, context.strings, context.language);
    // Links are the language's pages: relative to the feed, which sits at
    // the language's root, or absolute under base_url.
    let site_url = if model.config.base_url.is_empty() {
        String::new()
    } else {
        format!("{}/{}", model.config.base_url, language.prefix)
    };
    let entries: Vec<Entry> = context
        .history
        .versions
        .iter()
        .rev()
        .map(|version| Entry::of(version, context))
        .collect();
    // Atom's `updated` of a feed is its latest change: a correction can be
    // recorded after a later as_of was released.
    let updated = entries
        .iter()
        .map(|entry| entry.updated.as_str())
        .max()
        .map_or_else(|| midnight(model.program.as_of), str::to_string);
    let title = strings.fill("feed.title", &[("program", &model.program.name)]);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title}</title>\n  <id>{feed_id}</id>\n  <updated>{updated}</updated>\n  <author><name>{author}</name></author>\n  <link rel=\"alternate\" href=\"{site}index.html\"/>\n",
        lang = language.code,
        title = escape_xml(&title),
        feed_id = stable_id(context, &format!("feed-{}", language.code)),
        author = escape_xml(&model.program.administrator),
        site = escape_xml(&site_url),
    );
    let releases_page = format!("{site_url}{}", Section::Releases.path());
    for entry in &entries {
        xml.push_str(&format!(
            "  <entry>\n    <title>{title}</title>\n    <id>{id}</id>\n    <updated>{updated}</updated>\n    <link rel=\"alternate\" href=\"{link}\"/>\n    <summary>{summary}</summary>\n  </entry>\n",
            title = escape_xml(&entry.title),
            id = entry.id,
            updated = escape_xml(&entry.updated),
            link = escape_xml(&format!("{releases_page}#{}", entry.anchor)),
            summary = escape_xml(&entry.summary),
        ));
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: format!("{}feed.xml", language.prefix),
        bytes: xml.into_bytes(),
    }
}

/// One version as a feed entry, its text in the feed's language.
struct Entry {
    title: String,
    id: String,
    updated: String,
    anchor: String,
    summary: String,
}

impl Entry {
    fn of(version: &Version, context: &RenderContext) -> Entry {
        let (strings, locale) = (context.strings, context.locale);
        let record = version.record.as_ref();
        let date = locale.date(version.id.as_of);
        let corrects = version.corrects();
        let title_key = if corrects.is_some() {
            "feed.correction_title"
        } else {
            "feed.entry_title"
        };
        let headline = &version.headline;
        let missing = || strings.get("site.missing_value").to_string();
        let mut summary: Vec<String> = Vec::new();
        if let Some(corrected) = corrects {
            summary.push(strings.fill("feed.corrects", &[("id", &corrected.to_string())]));
        }
        if let Some(reason) = record.and_then(|record| record.reason.as_deref()) {
            summary.push(strings.fill("feed.reason", &[("reason", &sentence(reason))]));
        }
        summary.push(
            strings.fill(
                "feed.entry_summary",
                &[
                    (
                        "members",
                        &headline
                            .members_current
                            .map_or_else(missing, |members| locale.count(members)),
                    ),
                    (
                        "paid",
                        &headline
                            .paid
                            .map_or_else(missing, |paid| locale.money(paid)),
                    ),
                    (
                        "pct",
                        &headline
                            .paid_pct()
                            .map_or_else(missing, |pct| locale.percent_fixed(pct)),
                    ),
                    (
                        "claims",
                        &headline
                            .claims_paid()
                            .map_or_else(missing, |(claims, _)| locale.count(claims)),
                    ),
                ],
            ),
        );
        if let Some(note) = record.and_then(|record| record.note.as_deref()) {
            summary.push(strings.fill("feed.note", &[("note", &sentence(note))]));
        }
        if record.is_none() {
            summary.push(strings.get("feed.unrecorded").to_string());
        }
        Entry {
            title: strings.fill(title_key, &[("date", &date)]),
            // The release's id names the entry: recording a later release
            // adds an entry and changes none.
            id: stable_id(
                context,
                &format!("release-{}-{}", version.id, context.language.code),
            ),
            updated: record
                .and_then(|record| atom_time(&record.recorded_at))
                .unwrap_or_else(|| midnight(version.id.as_of)),
            anchor: release_anchor(version.id),
            summary: summary.join(" "),
        }
    }
}

/// A `urn:uuid:` derived from the program and `what`, the same in every
/// build: feed readers know an entry by its id.
fn stable_id(context: &RenderContext, what: &str) -> String {
    let program = &context.model.program;
    let digest = Sha256::digest(format!("{}|{}|{what}", program.name, program.region));
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The agency's text as a sentence of the summary, which goes on after it:
/// a full stop added where it has no closing punctuation.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

fn midnight(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// A record's `recorded_at` when it is the RFC 3339 UTC time `jaring
/// release` writes (`2026-05-02T09:30:05Z`); a hand-edited one that is not
/// would make the feed invalid, so the entry falls back to its as_of.
fn atom_time(recorded_at: &str) -> Option<String> {
    let (date, time) = recorded_at.split_once('T')?;
    Date::parse(date)?;
    let clock = time.strip_suffix('Z')?;
    let parts: Vec<&str> = clock.split(':').collect();
    let valid = parts.len() == 3
        && parts
            .iter()
            .all(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
        && parts[0] < "24"
        && parts[1] < "60"
        && parts[2] < "61";
    valid.then(|| recorded_at.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_utc_time_as_jaring_records_it_is_an_atom_time() {
        assert_eq!(
            atom_time("2026-05-02T09:30:05Z").as_deref(),
            Some("2026-05-02T09:30:05Z")
        );
        for text in [
            "",
            "2026-05-02",
            "2026-05-02T09:30:05",
            "2026-05-02T09:30Z",
            "2026-13-02T09:30:05Z",
            "2026-05-02T24:00:00Z",
            "2026-05-02T09:30:05+07:00",
            "2026-05-02T09:3a:05Z",
            "2026-05-02T09:30:05Z<x/>",
        ] {
            assert_eq!(atom_time(text), None, "{text}");
        }
        assert_eq!(
            midnight(Date::parse("2026-04-15").unwrap()),
            "2026-04-15T00:00:00Z"
        );
    }

    #[test]
    fn the_agencys_text_ends_as_a_sentence() {
        assert_eq!(sentence("Iuran Maret"), "Iuran Maret.");
        assert_eq!(sentence("Iuran Maret. "), "Iuran Maret.");
        assert_eq!(sentence("Benarkah?"), "Benarkah?");
    }
}
