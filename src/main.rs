//! The `hrpass` binary: parse the command line, run it, map the outcome to an exit code.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    #[cfg(feature = "failpoints")]
    let _failpoints = fail::FailScenario::setup();
    let cli = hrpass::cli::parse();
    let outcome = hrpass::cli::run(cli);
    hrpass::error::report(outcome)
}
