//! hrpass: keep a company's employees in a local store, load them from CSV, select them, and
//! send each a portal password. The binary is a thin shell over this library.

pub mod access;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod credential;
pub mod delivery;
pub mod employee;
pub mod error;
pub mod mail;
pub mod model;
pub mod output;
pub mod paths;
pub mod policy;
pub mod portal;
pub mod prompt;
pub mod store;
pub mod text;
pub mod tls;
pub mod vault;

/// A crash point for the fault trials: with the `failpoints` feature (test builds only) and
/// `FAILPOINTS=NAME=return` in the environment, the process aborts here as a `kill -9` would.
/// Without the feature it is nothing.
#[macro_export]
macro_rules! failpoint {
    ($name:literal) => {
        #[cfg(feature = "failpoints")]
        let _ = fail::eval($name, |_| -> () { std::process::abort() });
    };
}
