//! `jaring serve`: a local preview that keeps up with the author. The site
//! is built into memory (the output folder is not touched) and served from
//! there; the site's files are watched, and after a save the site is built
//! again, as little of it as the change needs, and the pages open in a
//! browser reload by themselves, or show the problems of a failed build
//! over the last site that built.
//!
//! The parts: `watch` turns file events into changes, `preview` builds
//! after one, `served` holds what is served, `http` answers requests,
//! `live` is the reload script and its event streams, `reports` typesets
//! the PDFs in the background.

mod http;
mod live;
mod preview;
mod reports;
mod served;
mod watch;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Instant;

use super::{CommandError, report, report_text};
use crate::load::Overrides;
use live::{Event, Listeners};
use preview::Preview;
use reports::Reports;
use served::Served;
use watch::{Change, SiteWatcher};

pub struct ServeOptions {
    /// Where to listen: 127.0.0.1 unless `--bind` says otherwise.
    pub address: SocketAddr,
    pub overrides: Overrides,
}

/// Threads answering requests. A request for a report still being typeset
/// waits for it, so there are several; a slow or idle connection holds
/// none of them (tiny_http reads each connection on a thread of its own).
const ANSWERING_THREADS: usize = 8;

pub fn run(root: &Path, options: &ServeOptions) -> Result<(), CommandError> {
    super::check_site_folder(root)?;
    let listener = listen(options.address)?;
    let address = listener.local_addr().unwrap_or(options.address);
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|error| CommandError::usage(format!("cannot listen on {address}: {error}")))?;
    let watcher = SiteWatcher::new(root)
        .inspect_err(|error| {
            crate::cmd::say!(
                "warning: cannot watch the site's files ({error}): the preview is not built again when they change; restart it after a change"
            );
        })
        .ok();

    let served = Arc::new(Served::default());
    let listeners = Arc::new(Listeners::default());
    let typesetter = reports::start(served.clone(), listeners.clone());
    let mut preview = Preview::new(root, options.overrides.clone());
    rebuild(
        &mut preview,
        Change::Input,
        &served,
        &listeners,
        &typesetter,
    );
    announce(root, address);

    let server = Arc::new(server);
    let answering: Vec<_> = (0..ANSWERING_THREADS)
        .map(|_| {
            let (server, served, listeners) = (server.clone(), served.clone(), listeners.clone());
            std::thread::spawn(move || http::answer_requests(&server, &served, &listeners))
        })
        .collect();
    if let Some(mut watcher) = watcher {
        while let Some(change) = watcher.next_change() {
            rebuild(&mut preview, change, &served, &listeners, &typesetter);
        }
    }
    for thread in answering {
        let _ = thread.join();
    }
    Ok(())
}

/// Listens on `address`; a port in use or an address that is not this
/// machine's is a usage error.
fn listen(address: SocketAddr) -> Result<TcpListener, CommandError> {
    TcpListener::bind(address).map_err(|error| {
        if error.kind() == std::io::ErrorKind::AddrInUse {
            CommandError::Usage {
                problem: format!("cannot listen on {address}: the port is in use"),
                hint: Some(
                    "another program (or another jaring serve) listens there: choose another port with --port, e.g. --port 8001",
                ),
            }
        } else {
            CommandError::Usage {
                problem: format!("cannot listen on {address}: {error}"),
                hint: Some("give --bind an address of this machine, such as 127.0.0.1, and --port a free port"),
            }
        }
    })
}

/// Says where the preview is, and whom else it shows the site to.
fn announce(root: &Path, address: SocketAddr) {
    crate::cmd::say!(
        "previewing {} at http://{}/ (Ctrl-C to stop)",
        root.display(),
        browsable(address)
    );
    if let Some(warning) = exposure_warning(address) {
        crate::cmd::say!("{warning}");
    }
}

/// The address to open in a browser on this machine: a preview listening
/// on every address (0.0.0.0) is reached at 127.0.0.1.
fn browsable(address: SocketAddr) -> SocketAddr {
    if address.ip().is_unspecified() {
        SocketAddr::new([127, 0, 0, 1].into(), address.port())
    } else {
        address
    }
}

/// What a preview listening beyond this machine warns of.
fn exposure_warning(address: SocketAddr) -> Option<String> {
    (!address.ip().is_loopback()).then(|| {
        format!(
            "warning: listening on {address}: every machine that can reach this one sees the preview, with data not yet published and the problems of a failed build"
        )
    })
}

/// Builds the site after `change` and serves it; tells the open pages to
/// reload, or shows them the problems when it failed. The reports go to
/// the typesetter.
fn rebuild(
    preview: &mut Preview,
    change: Change,
    served: &Served,
    listeners: &Listeners,
    typesetter: &Sender<Reports>,
) {
    let started = Instant::now();
    let build = preview.build(change);
    report(&build.diagnostics);
    let Some((files, jobs)) = build.site else {
        let problems = report_text(&build.diagnostics, false);
        served.fail(problems.clone());
        listeners.tell(&Event::Problems(problems));
        crate::cmd::say!("not built: the preview shows the last site that built");
        return;
    };
    let count = files.len() + jobs.len();
    let report_paths = jobs.iter().map(|job| job.path().to_string()).collect();
    let generation = served.publish(files, report_paths);
    listeners.tell(&Event::Reload);
    // Fails only when the typesetter stopped, which it does not.
    let _ = typesetter.send(Reports { generation, jobs });
    crate::cmd::say!(
        "built {count} files in {} ms; the PDF reports follow",
        started.elapsed().as_millis()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_beyond_this_machine_is_announced_with_a_warning() {
        let address = |text: &str| text.parse::<SocketAddr>().unwrap();
        for local in ["127.0.0.1:8000", "[::1]:8000"] {
            assert_eq!(exposure_warning(address(local)), None);
            assert_eq!(browsable(address(local)), address(local));
        }
        assert_eq!(
            browsable(address("0.0.0.0:8000")),
            address("127.0.0.1:8000")
        );
        for shared in ["0.0.0.0:8000", "192.168.1.20:8000"] {
            let warning = exposure_warning(address(shared)).unwrap();
            assert!(
                warning.starts_with(&format!(
                    "warning: listening on {shared}: every machine that can reach this one sees the preview"
                )),
                "{warning}"
            );
        }
    }
}
