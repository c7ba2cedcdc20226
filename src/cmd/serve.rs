//! `jaring serve`: a local preview on 127.0.0.1 that rebuilds when the site's
//! files change. The site is kept in memory; the output folder is not touched.
//!
//! Changes are noticed by comparing the input files' sizes and modification
//! times on each page request, which needs no watcher thread and cannot miss
//! an edit made while the server was busy.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;

use walkdir::WalkDir;

use super::CommandError;
use crate::diag::Diagnostics;
use crate::render::OutputFile;

struct Preview {
    fingerprint: u64,
    files: Vec<OutputFile>,
    problems: Option<String>,
}

pub fn run(root: &Path, port: u16) -> Result<(), CommandError> {
    super::check_site_folder(root)?;
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|error| CommandError::Usage {
        problem: format!("cannot listen on 127.0.0.1:{port}: {error}"),
        hint: Some("another program may be using the port; choose another with --port"),
    })?;
    eprintln!(
        "previewing {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
        root.display()
    );
    let mut preview = Preview {
        fingerprint: 0,
        files: Vec::new(),
        problems: None,
    };
    for stream in listener.incoming().flatten() {
        let fingerprint = fingerprint(root);
        if fingerprint != preview.fingerprint {
            preview = rebuild(root, fingerprint);
        }
        let _ = respond(stream, &preview);
    }
    Ok(())
}

fn rebuild(root: &Path, fingerprint: u64) -> Preview {
    let mut diagnostics = Diagnostics::default();
    let files = super::build_site(root, &mut diagnostics);
    super::report(&diagnostics);
    let problems = files.is_none().then(|| {
        diagnostics
            .sorted()
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    });
    Preview {
        fingerprint,
        files: files.unwrap_or_default(),
        problems,
    }
}

/// Sizes and modification times of every input file.
fn fingerprint(root: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    for name in ["site.toml", "data", "content", "templates"] {
        for entry in WalkDir::new(root.join(name))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(metadata) = entry.metadata() {
                entry.path().hash(&mut hasher);
                metadata.len().hash(&mut hasher);
                metadata.modified().ok().hash(&mut hasher);
            }
        }
    }
    hasher.finish() | 1
}

fn respond(stream: TcpStream, preview: &Preview) -> std::io::Result<()> {
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .trim_start_matches('/');
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let mut stream = stream;
    if let Some(problems) = &preview.problems {
        let body = format!(
            "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>jaring: the site does not build</title><h1>The site does not build</h1><pre>{}</pre>",
            crate::render::escape::escape_xml(problems)
        );
        return send(
            &mut stream,
            "500 Internal Server Error",
            "text/html; charset=utf-8",
            body.as_bytes(),
        );
    }
    match preview.files.iter().find(|file| file.path == path) {
        Some(file) => send(&mut stream, "200 OK", content_type(&file.path), &file.bytes),
        None => send(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found",
        ),
    }
}

fn send(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}
