//! Getting passwords to employees: email templates (this module so far); the outbox and the
//! dispatcher come with send-password.

pub mod send;
pub mod template;
