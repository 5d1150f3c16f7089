//! The `verbatim` command line: parse arguments, call the library, print, exit.

use std::path::PathBuf;
use std::process::ExitCode;

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
        /// The content folder (holds site.toml, calls/, opportunities/).
        #[arg(long, default_value = "content", value_name = "DIR")]
        content: PathBuf,
        /// Where to write the site.
        #[arg(long, default_value = "public", value_name = "DIR")]
        out: PathBuf,
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
        /// The content folder to build and watch.
        #[arg(long, default_value = "content", value_name = "DIR")]
        content: PathBuf,
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
        /// The content folder.
        #[arg(long, default_value = "content", value_name = "DIR")]
        content: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            content,
            out,
            verbose,
            quiet,
        } => {
            let options = verbatim::BuildOptions {
                content,
                out: out.clone(),
            };
            match verbatim::build(&options) {
                Ok(report) => {
                    for w in &report.warnings {
                        eprint!("{w}");
                    }
                    if !quiet {
                        println!("{}", report.summary_line(&out));
                        print!("{}", report.table(verbose));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            content,
            port,
            bind,
        } => {
            let options = verbatim::serve::ServeOptions {
                content: content.clone(),
                bind,
                port,
            };
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
            println!(
                "serving {} at {} (rebuilds on save; Ctrl-C to stop)",
                content.display(),
                preview.url()
            );
            let stopper = preview.stopper();
            if let Err(e) = ctrlc::set_handler(move || stopper.stop()) {
                eprintln!("warning: Ctrl-C will not clean up the preview folder: {e}");
            }
            match preview.run() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => match verbatim::scaffold::init(&dir, verbatim::today()) {
            Ok(files) => {
                for f in &files {
                    println!("created {}", f.display());
                }
                println!(
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
            match verbatim::scaffold::new_call(&content, &call) {
                Ok(path) => {
                    println!("created {}", path.display());
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
