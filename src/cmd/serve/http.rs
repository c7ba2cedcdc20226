//! Answering the preview's requests (tiny_http reads them, each connection
//! on its own thread, so an idle or slow client holds up no other): the
//! site's files from memory, the live-reload script and its event stream.

use std::io::Cursor;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::live::{self, Listeners};
use super::served::{Bytes, Found, Served};
use crate::render::escape::escape_xml;

/// Answers requests until the server stops.
pub fn answer_requests(server: &Server, served: &Served, listeners: &Listeners) {
    while let Ok(request) = server.recv() {
        // A client that went away needs no answer.
        let _ = answer(request, served, listeners);
    }
}

fn answer(request: Request, served: &Served, listeners: &Listeners) -> std::io::Result<()> {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return request.respond(text(405, "only GET and HEAD are served"));
    }
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .trim_start_matches('/')
        .to_string();
    if path == live::EVENTS_PATH {
        listeners.listen(request.into_writer(), served.problems());
        return Ok(());
    }
    if path == live::SCRIPT_PATH {
        return request.respond(file(live::SCRIPT.as_bytes().to_vec().into(), "script.js"));
    }
    let file_path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    let response = match served.find(&file_path) {
        Found::File(bytes) if file_path.ends_with(".html") => {
            file(live::with_live_reload(bytes.as_ref()).into(), &file_path)
        }
        Found::File(bytes) => file(bytes, &file_path),
        Found::Missing if served.has(&format!("{path}/index.html")) => {
            // A folder asked for without its slash: its page's relative
            // links need it.
            let location = format!("/{path}/");
            text(301, "moved").with_header(header("Location", &location))
        }
        Found::Missing => text(404, "not found"),
        Found::Unavailable(problem) => text(503, &problem),
        Found::NoSite(problems) => problems_page(&problems),
    };
    request.respond(response)
}

/// A file of the site, or of the preview.
fn file(bytes: Bytes, path: &str) -> Response<Cursor<Bytes>> {
    let length = bytes.as_ref().len();
    Response::new(
        StatusCode(200),
        vec![
            header("Content-Type", content_type(path)),
            header("Cache-Control", "no-store"),
        ],
        Cursor::new(bytes),
        Some(length),
        None,
    )
    // The length is known: sent as it is, never in chunks.
    .with_chunked_threshold(usize::MAX)
}

fn text(status: u16, text: &str) -> Response<Cursor<Bytes>> {
    let bytes = Bytes::from(text.as_bytes().to_vec());
    file(bytes, "text.txt").with_status_code(status)
}

/// What every page shows while the site has never built: its problems, as
/// printed, and the live-reload script, which loads the site once it builds.
fn problems_page(problems: &str) -> Response<Cursor<Bytes>> {
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>jaring: the site does not build</title><body><h1>The site does not build</h1><pre>{}</pre></body></html>",
        escape_xml(problems)
    );
    let page = live::with_live_reload(page.as_bytes());
    file(page.into(), "problems.html").with_status_code(500)
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values here are ASCII without line breaks")
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt" | "sha256") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("pdf") => "application/pdf",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}
