//! Getting passwords to employees: email templates, the send-password run and its
//! dispatcher (the outbox's states live in `store::lifecycle`).

mod dispatch;
pub mod request;
pub mod sandbox;
pub mod send;
pub mod signin;
pub mod template;
