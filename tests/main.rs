//! The one integration-test binary: every test runs the real `hrpass` binary against a real
//! store in its own temporary home.

mod common;

mod browser;
mod crashes;
mod credentials;
mod delivery;
mod employees;
mod factor;
mod forgot;
mod generate;
mod import;
mod init;
mod lifecycle;
mod links;
mod mail_login;
mod masquerade;
mod mutations;
mod offboarding;
mod operators;
mod portal;
mod relations;
mod search;
mod select;
mod store;
mod templates;
