//! `robots.txt` and `sitemap.xml`, for search engines.

use crate::model::Model;
use crate::render::OutputFile;
use crate::render::escape::escape_xml;

pub fn robots(model: &Model) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if !model.config.base_url.is_empty() {
        text.push_str(&format!("Sitemap: {}/sitemap.xml\n", model.config.base_url));
    }
    OutputFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}

/// Every page's address; only with a `base_url`, since sitemaps need full addresses.
pub fn sitemap(model: &Model, pages: &[String]) -> Option<OutputFile> {
    if model.config.base_url.is_empty() {
        return None;
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages.iter().filter(|p| p.ends_with("index.html")) {
        let address = page.strip_suffix("index.html").unwrap_or(page);
        xml.push_str(&format!(
            "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
            escape_xml(&format!("{}/{address}", model.config.base_url)),
            model.program.as_of
        ));
    }
    xml.push_str("</urlset>\n");
    Some(OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    })
}
