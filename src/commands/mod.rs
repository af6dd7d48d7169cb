//! One module per command group: its clap types and the `run` that turns them into domain
//! calls and domain results into output.

pub mod employees;
pub mod generate;
pub mod init;
pub mod relations;
pub mod select;
mod upload;
