//! The `verbatim` command line: parse arguments, call the library, print, exit.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use clap::{Parser, Subcommand};

/// Turn customer call notes into a quote-led report site.
#[derive(Parser)]
#[command(
    name = "verbatim",
    version,
    about = "Turn customer call notes into a quote-led report site",
    after_help = "Examples:
  verbatim build                                  build content/ into public/
  verbatim build --content notes --out site       build another folder
  verbatim serve                                  preview content/ at http://127.0.0.1:4000/
  verbatim init notes                             start a new content folder
  verbatim new call --customer Sarah --location \"Phoenix, AZ\"
  verbatim new call --customer Sarah --follow-up mobile-checkout
  verbatim check --against public --deny-warnings  what CI runs before publishing
  verbatim archive 2026-Q3                        freeze the site as it stood on 30 Sep 2026

The content format and URLs are described in the README."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from a content folder into an output folder.
    ///
    /// The output folder is replaced whole, and only when the build succeeds:
    /// a build with errors leaves the previous site exactly as it was.
    Build {
        /// The content folder (holds site.toml, calls/, opportunities/) [default:
        /// content/, or this folder when it holds site.toml and there is no content/]
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Where to write the site [default: public/, or ../public when the content
        /// folder is this folder]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The absolute URL the site is published at, http:// or https:// (replaces
        /// site.toml's base_url); link previews and "copy link" use it.
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
        /// Also print the time of each stage (load, analyze, render+write, swap).
        #[arg(short, long, conflicts_with = "quiet")]
        verbose: bool,
        /// Print nothing when the build succeeds (warnings and errors still go to stderr).
        #[arg(short, long)]
        quiet: bool,
    },
    /// Preview the site: build it, serve it on this machine, rebuild on every save.
    ///
    /// Open pages reload by themselves after each rebuild; a content error shows
    /// in the browser (and here) while the last good site stays served.
    Serve {
        /// The content folder to build and watch (default as for build).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 4000, value_name = "N")]
        port: u16,
        /// The address to listen on. The default is this machine only; another
        /// address (e.g. 0.0.0.0) shows your notes to your network.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
    },
    /// Create a new content folder that builds at once: site.toml, one round with
    /// one example call, one opportunity and one metric snapshot. Never overwrites a file.
    Init {
        /// The folder to create.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Check the site without writing it: content, templates, every internal link
    /// and anchor, archive checksums, and quote URLs that would vanish.
    ///
    /// Exits with status 1 when there are errors (or warnings, with --deny-warnings).
    Check {
        /// The content folder (default as for build).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// The published site whose quote URLs must all still be served
        /// (default: build's default output folder, when it holds a build of this content).
        #[arg(long, value_name = "DIR")]
        against: Option<PathBuf>,
        /// Fail on warnings too (for CI).
        #[arg(long)]
        deny_warnings: bool,
        /// As for build.
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
    },
    /// Freeze the site as it stood at a quarter's end into archive/<QUARTER>/
    /// beside the content folder, with a SHA256SUMS checksum manifest.
    Archive {
        /// The quarter, e.g. 2026-Q3 (July to September 2026); it must have ended.
        #[arg(value_parser = verbatim::archive::quarter_arg)]
        quarter: String,
        /// The content folder (default as for build).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Rebuild the quarter even if it was archived before.
        #[arg(long)]
        force: bool,
        /// As for build.
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
    },
    /// Create a new note from the call script.
    #[command(subcommand)]
    New(New),
}

#[derive(Subcommand)]
enum New {
    /// A call note with the questions for its kind, named by date and customer,
    /// in the latest round's folder. Never overwrites a file.
    Call {
        /// The customer's name as stakeholders will see it, e.g. "Sarah".
        #[arg(long)]
        customer: String,
        /// Where the customer is, e.g. "Phoenix, AZ".
        #[arg(long)]
        location: Option<String>,
        /// The day of the call, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// Make it a follow-up call checking this opportunity's launch (its slug).
        #[arg(long, value_name = "SLUG")]
        follow_up: Option<String>,
        /// The round folder under calls/ (default: the latest round).
        #[arg(long)]
        round: Option<String>,
        /// The content folder (default as for build).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
    },
}

/// The content folder when `--content` is not given: `content/`, or the current folder
/// when it is a content folder itself (holds `site.toml`, no `content/`), since Zola
/// and Hugo users `cd` into their site before running commands.
fn content_folder(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        if !Path::new("content").exists() && Path::new("site.toml").is_file() {
            PathBuf::from(".")
        } else {
            PathBuf::from("content")
        }
    })
}

/// The default output folder: `public/`, or `../public` when the content folder is the
/// current one, so the site lands where a build from the folder above would put it
/// (an output folder inside the content folder is refused).
fn public_folder(content: &Path) -> PathBuf {
    if content == Path::new(".") {
        PathBuf::from("../public")
    } else {
        PathBuf::from("public")
    }
}

/// `--base-url`: an absolute http:// or https:// address (empty clears site.toml's).
fn base_url(text: &str) -> Result<String, String> {
    verbatim::content::settings::parse_base_url(text)
        .map(Option::unwrap_or_default)
        .map_err(|problem| format!("the URL {problem}"))
}

/// `println!` on stdout that stops quietly when stdout is closed (`verbatim build | head`)
/// instead of panicking; the build has already succeeded by then.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` with the same care as [`say!`].
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            content,
            out,
            base_url,
            verbose,
            quiet,
        } => {
            let content = content_folder(content);
            let out = out.unwrap_or_else(|| public_folder(&content));
            let options = verbatim::BuildOptions {
                content,
                out: out.clone(),
            };
            match verbatim::build_with(&options, &verbatim::SiteOverrides { base_url }) {
                Ok(report) => {
                    for w in &report.warnings {
                        eprint!("{w}");
                    }
                    if !quiet {
                        say!("{}", report.summary_line(&out));
                        say_raw!("{}", report.table(verbose));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            content,
            against,
            deny_warnings,
            base_url,
        } => {
            let content = content_folder(content);
            let against = against.or_else(|| {
                let public = public_folder(&content);
                // Only a build of this content: another site's would make every
                // quote look vanished. A manifest that cannot be read is reported.
                match verbatim::permalinks::Manifest::read(&public) {
                    Ok(Some(manifest)) if !manifest.is_of(&content) => None,
                    Ok(None) => None,
                    _ => Some(public),
                }
            });
            let options = verbatim::check::CheckOptions {
                content,
                against: against.clone(),
                overrides: verbatim::SiteOverrides { base_url },
            };
            match verbatim::check::check(&options) {
                Ok(report) => {
                    for d in &report.diagnostics {
                        eprint!("{d}");
                    }
                    let (errors, warnings) = (report.errors(), report.warnings());
                    let failed = errors > 0 || (deny_warnings && warnings > 0);
                    let compared = against
                        .map(|a| format!(", quote URLs compared with {}", a.display()))
                        .unwrap_or_default();
                    say!(
                        "checked {} pages and {} link targets{compared}: {errors} error{}, {warnings} warning{}{} in {:.2}s",
                        report.pages,
                        report.links,
                        if errors == 1 { "" } else { "s" },
                        if warnings == 1 { "" } else { "s" },
                        if failed && errors == 0 { " (--deny-warnings)" } else { "" },
                        report.elapsed.as_secs_f64()
                    );
                    if failed {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => {
                    let text = e
                        .to_string()
                        .replace("build failed:", "check failed:")
                        .replace("; the previous site was left as it was", "");
                    eprintln!("{text}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            content,
            port,
            bind,
        } => {
            let content = content_folder(content);
            let options = verbatim::serve::ServeOptions {
                content: content.clone(),
                bind,
                port,
            };
            // The handler goes in before the first build, so Ctrl-C (or SIGTERM) at any
            // moment still stops the preview cleanly and removes its build folder.
            let stopper: Arc<Mutex<Option<verbatim::serve::Stopper>>> = Arc::default();
            let asked_to_stop = Arc::new(AtomicBool::new(false));
            {
                let (stopper, asked_to_stop) = (stopper.clone(), asked_to_stop.clone());
                let handler = move || {
                    asked_to_stop.store(true, Ordering::SeqCst);
                    if let Some(s) = stopper.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
                        s.stop();
                    }
                };
                if let Err(e) = ctrlc::set_handler(handler) {
                    eprintln!("warning: Ctrl-C will not clean up the preview folder: {e}");
                }
            }
            let preview = match verbatim::serve(&options) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            };
            if !bind.is_loopback() {
                eprintln!("warning: serving on {bind}: other machines on your network can read these notes");
            }
            say!(
                "serving {} at {} (rebuilds on save; Ctrl-C to stop)",
                content.display(),
                preview.url()
            );
            *stopper.lock().unwrap_or_else(|e| e.into_inner()) = Some(preview.stopper());
            if asked_to_stop.load(Ordering::SeqCst) {
                preview.stopper().stop();
            }
            match preview.run() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Archive {
            quarter,
            content,
            force,
            base_url,
        } => match verbatim::archive::create(
            &content_folder(content),
            &quarter,
            force,
            &verbatim::SiteOverrides { base_url },
        ) {
            Ok(report) => {
                say!(
                    "archived {} as of {} ({} pages, {} calls, {} quotes) into {}, with checksums in {}",
                    report.facts.quarter,
                    report.facts.as_of,
                    report.pages,
                    report.facts.calls,
                    report.facts.quotes,
                    report.dir.display(),
                    verbatim::archive::CHECKSUMS
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Command::Init { dir } => match verbatim::scaffold::init(&dir, verbatim::today()) {
            Ok(files) => {
                for f in &files {
                    say!("created {}", f.display());
                }
                say!(
                    "next: verbatim serve --content {0}   (or: verbatim build --content {0})",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprint!("{e}");
                ExitCode::FAILURE
            }
        },
        Command::New(New::Call {
            customer,
            location,
            date,
            follow_up,
            round,
            content,
        }) => {
            let call = verbatim::scaffold::NewCall {
                customer,
                location,
                date: date.unwrap_or_else(verbatim::today),
                follow_up,
                round,
            };
            match verbatim::scaffold::new_call(&content_folder(content), &call) {
                Ok(path) => {
                    say!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprint!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

// A 10,000-call build makes tens of millions of small allocations (template values,
// phrase tables); mimalloc spends about a fifth less CPU on them than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its `mi_option_e`, version 3, which the crate
/// builds; libmimalloc-sys names only the older version's options).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Returns freed memory to the system after 20 ms instead of mimalloc's 1 s, unless
/// `MIMALLOC_PURGE_DELAY` says otherwise. With the crate's `no_thp` feature (no
/// transparent huge pages: a huge page is cleared and counted whole when a byte of
/// it is touched), a 10,000-call build of the bench corpus peaked at 227-228 MiB
/// instead of 288-311 MiB, and was no slower.
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: a setter of mimalloc's option table, called before any thread starts.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 20) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_numbered_here() {
        // mimalloc's own default for it is 1000 ms: a wrong number reads another option.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(
                unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) },
                1000
            );
        }
    }
}
