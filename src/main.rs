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
        Command::Build { content, out } => {
            let options = verbatim::BuildOptions {
                content,
                out: out.clone(),
            };
            match verbatim::build(&options) {
                Ok(report) => {
                    for w in &report.warnings {
                        eprint!("{w}");
                    }
                    println!(
                        "built {} pages ({} calls, {} quotes, {} opportunities, {} rounds) into {} in {:.2}s",
                        report.pages,
                        report.calls,
                        report.quotes,
                        report.opportunities,
                        report.rounds,
                        out.display(),
                        report.elapsed.as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
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
