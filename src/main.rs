//! The `jaring` command line: parse arguments, run a command, print why it
//! stopped short if it did, and exit with the contract's status (0 success,
//! 1 invalid input or an output that cannot be written, 2 usage error).

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jaring::cmd;
use jaring::load::Overrides;

#[derive(Parser)]
#[command(
    name = "jaring",
    version,
    about = "Build a static transparency site from social-protection program data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced as a whole, atomically)
    Build {
        /// The site's folder (holding site.toml, data/, content/, templates/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/output]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Fail (and write nothing) when the data has reconciliation warnings
        #[arg(long)]
        deny_warnings: bool,
        /// Build for this address instead of site.toml's base_url (a staging copy)
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
    },
    /// Check every input file and report every problem, writing nothing
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail when the data has reconciliation warnings
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Preview the site on http://127.0.0.1:PORT/, rebuilt and reloaded when files change
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0: any free port, printed at start)
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on; another than 127.0.0.1 shows the
        /// preview to other machines
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Preview for this address instead of site.toml's base_url
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
    },
    /// Record the release the site would publish under ROOT/releases/<as_of>/
    /// (its data files, PDF reports and their checksums), never changed afterwards
    Release {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// A note for readers, kept with the release
        #[arg(long)]
        note: Option<String>,
        /// Record a correction of the release of the same as_of, saying what was wrong
        #[arg(long, value_name = "WHAT WAS WRONG")]
        correction: Option<String>,
        /// Fail (and record nothing) when the data has reconciliation warnings
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Create a new site in DIR with the bundled (synthetic) example data
    Init { dir: PathBuf },
    /// Write jaring-template.xlsx into DIR: a sheet per data table to fill in Excel
    Template {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Fill the template with the CSV tables of this data folder (e.g. a site's data/)
        #[arg(long, value_name = "DATA")]
        with_data: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Build {
            root,
            output,
            deny_warnings,
            base_url,
        } => {
            let output = output.unwrap_or_else(|| root.join("output"));
            cmd::build::run(&root, &output, deny_warnings, &Overrides { base_url })
        }
        Command::Check {
            root,
            deny_warnings,
        } => cmd::check::run(&root, deny_warnings),
        Command::Serve {
            root,
            port,
            bind,
            base_url,
        } => {
            let address = SocketAddr::new(bind, port);
            let overrides = Overrides { base_url };
            cmd::serve::run(&root, &cmd::serve::ServeOptions { address, overrides })
        }
        Command::Release {
            root,
            note,
            correction,
            deny_warnings,
        } => cmd::release::run(
            &root,
            &cmd::release::ReleaseOptions {
                note,
                correction,
                deny_warnings,
            },
        ),
        Command::Init { dir } => cmd::init::run(&dir),
        Command::Template { dir, with_data } => cmd::template::run(&dir, with_data.as_deref()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(message) = error.message() {
                // Quietly when nobody reads the messages any more (`| head`).
                let _ = writeln!(std::io::stderr(), "{message}");
            }
            ExitCode::from(error.exit_status())
        }
    }
}

/// A `--base-url` as site.toml's base_url holds it, or why it is not an address.
fn base_url(url: &str) -> Result<String, String> {
    let url = url.trim_end_matches('/');
    if jaring::load::config::is_address(url) {
        Ok(url.to_string())
    } else {
        Err(format!(
            "'{url}' is not an address: write the full address, e.g. https://staging.example.org/data"
        ))
    }
}
