//! The Atom feed of data releases of each language.

use sha2::{Digest, Sha256};

use crate::render::escape::escape_xml;
use crate::render::{OutputFile, RenderContext};

/// An Atom feed of data releases, one entry per `as_of`: readers subscribe
/// and learn when new data is published.
pub fn feed(context: &RenderContext) -> OutputFile {
    let (model, strings, locale, language) = (
        context.model,
        context.strings,
        context.locale,
        context.language,
    );
    let summary = &model.summary;
    let base = if model.config.base_url.is_empty() {
        String::new()
    } else {
        format!("{}/", model.config.base_url)
    };
    let site_url = format!("{base}{}", language.prefix);
    let id = |what: &str| {
        let digest = Sha256::digest(format!(
            "{}|{}|{what}",
            model.program.name, model.program.region
        ));
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        format!(
            "urn:uuid:{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    };
    let date = locale.date(model.program.as_of);
    let updated = format!("{}T00:00:00Z", model.program.as_of);
    let title = strings.fill("feed.title", &[("program", &model.program.name)]);
    let entry_title = strings.fill("feed.entry_title", &[("date", &date)]);
    let entry_summary = strings.fill(
        "feed.entry_summary",
        &[
            ("members", &locale.count(summary.members_current)),
            ("paid", &locale.money(summary.paid)),
            (
                "pct",
                &summary
                    .paid_pct
                    .map(|p| locale.percent_fixed(p))
                    .unwrap_or_default(),
            ),
            ("claims", &locale.count(summary.claims_paid)),
        ],
    );
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title}</title>\n  <id>{feed_id}</id>\n  <updated>{updated}</updated>\n  <author><name>{author}</name></author>\n  <link rel=\"alternate\" href=\"{site}index.html\"/>\n  <entry>\n    <title>{entry_title}</title>\n    <id>{entry_id}</id>\n    <updated>{updated}</updated>\n    <link rel=\"alternate\" href=\"{site}data/index.html\"/>\n    <summary>{entry_summary}</summary>\n  </entry>\n</feed>\n",
        lang = language.code,
        title = escape_xml(&title),
        feed_id = id(&format!("feed-{}", language.code)),
        entry_id = id(&format!(
            "release-{}-{}",
            model.program.as_of, language.code
        )),
        author = escape_xml(&model.program.administrator),
        site = escape_xml(&site_url),
        entry_title = escape_xml(&entry_title),
        entry_summary = escape_xml(&entry_summary),
    );
    OutputFile {
        path: format!("{}feed.xml", language.prefix),
        bytes: xml.into_bytes(),
    }
}
