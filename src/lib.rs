//! hrpass: keep a company's employees in a local store, load them from CSV, select them, and
//! send each a portal password. The binary is a thin shell over this library.

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
pub mod prompt;
pub mod store;
pub mod vault;
