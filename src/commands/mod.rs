//! One module per command group: its clap types and the `run` that turns them into domain
//! calls and domain results into output.

pub mod employees;
pub mod generate;
pub mod init;
pub mod log;
pub mod login;
pub mod policy;
pub mod relations;
pub mod select;
pub mod send;
pub mod template;
mod upload;

use anyhow::{Result, bail};
use secrecy::SecretString;
use std::io::BufRead;
use zeroize::Zeroize;

/// The first line of stdin, without its line ending: how scripts and portals pass passwords.
pub fn read_secret_line() -> Result<SecretString> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    line.zeroize();
    if password.is_empty() {
        bail!("no password on stdin: pass it as the first line");
    }
    Ok(SecretString::from(password))
}
