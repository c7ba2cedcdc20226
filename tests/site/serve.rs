//! `jaring serve`: the preview answers several clients at once, reloads the
//! open pages after an edit, shows a failed build's problems (masked) over
//! the last site that built, and refuses a port in use. Nothing of the
//! preview reaches a built site.
//!
//! No step is timed: each waits for what the server sends, and a socket
//! that hears nothing for a minute fails the test instead of hanging it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::harness::{Fixture, TINY, jaring, tree};

/// Far longer than anything here takes, even in a debug build on a busy
/// machine: only there so that a broken server fails the test.
const PATIENCE: Duration = Duration::from_secs(60);

/// A `jaring serve` of a fixture on a free port, stopped when dropped.
struct Preview {
    child: Child,
    port: u16,
    /// What it printed so far, and a signal for each line.
    printed: Arc<(Mutex<String>, Condvar)>,
}

impl Preview {
    fn start(fixture: &Fixture) -> Preview {
        let mut child = jaring()
            .args(["serve", "--port", "0", "--root"])
            .arg(fixture.root())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let printed = Arc::new((Mutex::new(String::new()), Condvar::new()));
        let mut port = None;
        let mut line = String::new();
        while port.is_none() && stderr.read_line(&mut line).unwrap() > 0 {
            port = line
                .split_once("at http://127.0.0.1:")
                .and_then(|(_, rest)| rest.split_once('/'))
                .and_then(|(port, _)| port.parse().ok());
            printed.0.lock().unwrap().push_str(&line);
            line.clear();
        }
        let port = port.unwrap_or_else(|| panic!("no address: {}", printed.0.lock().unwrap()));
        let keep = printed.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while stderr.read_line(&mut line).is_ok_and(|read| read > 0) {
                keep.0.lock().unwrap().push_str(&line);
                keep.1.notify_all();
                line.clear();
            }
        });
        Preview {
            child,
            port,
            printed,
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// The status and body of a GET of `path`.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = self.connect();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .unwrap_or_else(|error| panic!("GET {path}: {error}; {}", self.printed()));
        let response = String::from_utf8_lossy(&response).to_string();
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|status| status.parse().ok())
            .unwrap_or_else(|| panic!("GET {path}: {response:?}"));
        let body = response
            .split_once("\r\n\r\n")
            .map_or("", |(_, body)| body)
            .to_string();
        (status, body)
    }

    /// The page's event stream, its head read.
    fn events(&self) -> Events {
        let mut stream = self.connect();
        write!(
            stream,
            "GET /__jaring/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events(BufReader::new(stream));
        let head = events.lines_until_blank();
        assert!(head[0].starts_with("HTTP/1.1 200"), "{head:?}");
        assert!(
            head.contains(&"Content-Type: text/event-stream".to_string()),
            "{head:?}"
        );
        events
    }

    fn printed(&self) -> String {
        self.printed.0.lock().unwrap().clone()
    }

    /// Whether it prints `text` (it may be on its way through the pipe).
    fn prints(&self, text: &str) -> bool {
        let (printed, line) = &*self.printed;
        let (printed, _) = line
            .wait_timeout_while(printed.lock().unwrap(), PATIENCE, |printed| {
                !printed.contains(text)
            })
            .unwrap();
        printed.contains(text)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Server-Sent Events stream.
struct Events(BufReader<TcpStream>);

impl Events {
    fn lines_until_blank(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            let read = self
                .0
                .read_line(&mut line)
                .expect("an event within a minute");
            assert!(read > 0, "the event stream ended");
            let line = line.trim_end_matches(['\r', '\n']).to_string();
            if line.is_empty() {
                return lines;
            }
            lines.push(line);
        }
    }

    /// The next event: its name and its data.
    fn next(&mut self) -> (String, String) {
        loop {
            let lines = self.lines_until_blank();
            let field = |name: &str| {
                lines
                    .iter()
                    .filter_map(|line| line.strip_prefix(name))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let event = field("event: ");
            if !event.is_empty() {
                return (event, field("data: "));
            }
        }
    }

    /// Waits for the event `name`, passing over others; its data.
    fn wait_for(&mut self, name: &str) -> String {
        loop {
            let (event, data) = self.next();
            if event == name {
                return data;
            }
        }
    }
}

const NEW_SENTENCE: &str = "Kalimat ini ditambahkan saat pratinjau berjalan.";
const LIVE_SCRIPT: &str = "<script src=\"/__jaring/live.js\"></script></body>";

#[test]
fn the_preview_serves_clients_at_once_and_follows_edits_and_failures() {
    let fixture = Fixture::tiny();
    let preview = Preview::start(&fixture);

    // A client that connects and sends nothing holds up no other.
    let _idle = preview.connect();
    let pages = ["/", "/cakupan/", "/metodologi/", "/data/summary.json"];
    let answers: Vec<(u16, String)> = std::thread::scope(|scope| {
        let asking: Vec<_> = pages
            .iter()
            .map(|page| scope.spawn(|| preview.get(page)))
            .collect();
        asking.into_iter().map(|ask| ask.join().unwrap()).collect()
    });
    for (page, (status, body)) in pages.iter().zip(&answers) {
        assert_eq!(*status, 200, "{page}: {body}");
        assert_eq!(
            body.contains(LIVE_SCRIPT),
            page.ends_with('/'),
            "{page}: the live-reload script is in the pages, and only in them"
        );
    }
    let (status, script) = preview.get("/__jaring/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("new EventSource(\"/__jaring/events\")"));
    let (status, pdf) = preview.get("/laporan-2026.pdf");
    assert_eq!(status, 200, "{pdf}");
    assert!(pdf.starts_with("%PDF-"), "{:?}", &pdf[..pdf.len().min(300)]);
    let (status, _) = preview.get("/cakupan");
    assert_eq!(status, 301, "a folder without its slash is sent to it");

    // A content edit: the pages are told to reload, then show it.
    let mut events = preview.events();
    let methodology = fixture.root().join("content/metodologi.md");
    let text = std::fs::read_to_string(&methodology).unwrap();
    std::fs::write(&methodology, format!("{text}\n{NEW_SENTENCE}\n")).unwrap();
    loop {
        events.wait_for("reload");
        let (status, page) = preview.get("/metodologi/");
        assert_eq!(status, 200);
        if page.contains(NEW_SENTENCE) {
            break;
        }
    }

    // A data file with an ID number: the problems, masked, for every page;
    // the last site that built is still served under them.
    fixture.edit("data/members.csv", "\nM01,", "\n3602010101900001,");
    let problems = events.wait_for("problems");
    assert!(
        problems.contains("data/members.csv:2:1: error: member_id is not an opaque pseudonym"),
        "{problems}"
    );
    assert!(problems.contains("3602************"), "{problems}");
    assert!(!problems.contains("3602010101900001"), "{problems}");
    assert!(
        problems.contains(
            "  = hint: 10 or more digits look like an ID card or phone number: use a pseudonym such as LBK-7Q2M9X"
        ),
        "the overlay shows what the terminal shows: {problems}"
    );
    let (status, page) = preview.get("/metodologi/");
    assert_eq!(status, 200);
    assert!(page.contains(NEW_SENTENCE));
    let (event, shown) = preview.events().next();
    assert_eq!(
        (event.as_str(), shown.as_str()),
        ("problems", problems.as_str()),
        "a page opened now is shown the problems at once"
    );
    assert!(preview.prints("3602************"), "{}", preview.printed());

    // Fixed: the site builds again and the pages reload.
    fixture.edit("data/members.csv", "\n3602010101900001,", "\nM01,");
    events.wait_for("reload");
    let (status, page) = preview.get("/metodologi/");
    assert_eq!(status, 200);
    assert!(page.contains(NEW_SENTENCE));
}

#[test]
fn a_site_that_never_built_shows_its_problems_until_it_builds() {
    let fixture = Fixture::tiny();
    fixture.edit("data/members.csv", "\nM01,petani,", "\nM01,petanii,");
    let preview = Preview::start(&fixture);
    let (status, page) = preview.get("/cakupan/");
    assert_eq!(status, 500);
    assert!(
        page.contains(
            "data/members.csv:2:5: error: sector &#39;petanii&#39; is not in data/sectors.csv"
        ),
        "{page}"
    );
    assert!(page.contains(LIVE_SCRIPT));
    let mut events = preview.events();
    fixture.edit("data/members.csv", "\nM01,petanii,", "\nM01,petani,");
    events.wait_for("reload");
    assert_eq!(preview.get("/cakupan/").0, 200);
}

#[test]
fn a_built_site_carries_nothing_of_the_preview() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    for (path, bytes) in tree(&outcome.output) {
        let text = String::from_utf8_lossy(&bytes);
        for trace in ["__jaring", "EventSource", "jaring-problems"] {
            assert!(!text.contains(trace), "{path} holds {trace}");
        }
    }
}

#[test]
fn serve_on_a_taken_port_is_a_usage_error() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let result = jaring()
        .args(["serve", "--root", TINY, "--port", &port])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: cannot listen on 127.0.0.1:{port}: the port is in use\n  hint: another program (or another jaring serve) listens there: choose another port with --port, e.g. --port 8001\n"
        )
    );
}
