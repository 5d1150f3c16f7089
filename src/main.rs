//! The `verbatim` command line: parse arguments, call the library, print, exit.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn customer call notes into a quote-led report site.
#[derive(Parser)]
#[command(name = "verbatim", version, about, long_about = None)]
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
    }
}
