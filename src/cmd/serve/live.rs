//! Live reload: every preview page loads a small script that listens to the
//! server's events (Server-Sent Events, which browsers reconnect by
//! themselves) and reloads the page after a rebuild, or shows the problems
//! of a failed one over the page. Only `serve` adds the script: built sites
//! never carry it.

use std::io::Write;
use std::sync::Mutex;

/// Where the pages find the script, and the script the events.
pub const SCRIPT_PATH: &str = "__jaring/live.js";
pub const EVENTS_PATH: &str = "__jaring/events";

pub const SCRIPT: &str = include_str!("live.js");

/// The tag that loads the script, put at the end of each page's body.
const SCRIPT_TAG: &str = "<script src=\"/__jaring/live.js\"></script>";

/// An HTML page with the live-reload script added before `</body>` (at
/// the end when it has none), as it is sent: only the page asked for is
/// copied, not every page at every build.
pub fn with_live_reload(page: &[u8]) -> Vec<u8> {
    let at = page
        .windows(7)
        .rposition(|window| window.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut live = Vec::with_capacity(page.len() + SCRIPT_TAG.len());
    live.extend_from_slice(&page[..at]);
    live.extend_from_slice(SCRIPT_TAG.as_bytes());
    live.extend_from_slice(&page[at..]);
    live
}

/// What the open pages are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The site was built again: load the page again.
    Reload,
    /// The site does not build: these are its problems, as printed.
    Problems(String),
}

impl Event {
    /// The event as the stream carries it: a name and its data, one
    /// `data:` line per line (an event without data is not delivered).
    fn encode(&self) -> String {
        let (name, data) = match self {
            Event::Reload => ("reload", "the site was built again"),
            Event::Problems(text) => ("problems", text.as_str()),
        };
        let mut encoded = format!("event: {name}\n");
        for line in data.lines() {
            encoded.push_str("data: ");
            encoded.push_str(line);
            encoded.push('\n');
        }
        encoded.push('\n');
        encoded
    }
}

/// The head of the event stream's response; the stream ends when the
/// connection does.
const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";

/// The open event streams, one per page open in a browser.
#[derive(Default)]
pub struct Listeners {
    streams: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Listeners {
    /// Starts an event stream on `stream` (the connection of its request),
    /// telling it first the problems of a failed build if there are some.
    pub fn listen(&self, mut stream: Box<dyn Write + Send>, problems: Option<String>) {
        let mut head = STREAM_HEAD.to_string();
        if let Some(problems) = problems {
            head.push_str(&Event::Problems(problems).encode());
        }
        if send(&mut stream, &head) {
            self.lock().push(stream);
        }
    }

    /// Tells every open page; a page closed since is forgotten.
    pub fn tell(&self, event: &Event) {
        let encoded = event.encode();
        self.lock().retain_mut(|stream| send(stream, &encoded));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Box<dyn Write + Send>>> {
        self.streams
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn send(stream: &mut Box<dyn Write + Send>, text: &str) -> bool {
    stream.write_all(text.as_bytes()).is_ok() && stream.flush().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_script_goes_at_the_end_of_the_body() {
        let page = b"<html><body><p>Halo</p></body></html>";
        assert_eq!(
            String::from_utf8(with_live_reload(page)).unwrap(),
            "<html><body><p>Halo</p><script src=\"/__jaring/live.js\"></script></body></html>"
        );
        assert!(with_live_reload(b"<p>no body").ends_with(SCRIPT_TAG.as_bytes()));
    }

    /// A stream that keeps what is written to it, or refuses it once closed.
    #[derive(Clone, Default)]
    struct Page(Arc<Mutex<(Vec<u8>, bool)>>);

    impl Write for Page {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let mut page = self.0.lock().unwrap();
            if page.1 {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            page.0.extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Page {
        fn received(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().0.clone()).unwrap()
        }
    }

    #[test]
    fn open_pages_are_told_each_event_and_closed_ones_forgotten() {
        let listeners = Listeners::default();
        let (open, closed) = (Page::default(), Page::default());
        listeners.listen(Box::new(open.clone()), None);
        listeners.listen(Box::new(closed.clone()), Some("a\nb".into()));
        assert!(
            closed
                .received()
                .ends_with("event: problems\ndata: a\ndata: b\n\n")
        );
        closed.0.lock().unwrap().1 = true;
        listeners.tell(&Event::Reload);
        assert_eq!(listeners.lock().len(), 1);
        assert!(open.received().starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(
            open.received()
                .ends_with("\n\nevent: reload\ndata: the site was built again\n\n")
        );
    }
}
