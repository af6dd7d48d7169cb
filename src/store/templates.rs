//! The `templates` table: every version of every email template.

use super::db::{Conn, Row};
use crate::model::Template;
use anyhow::{Result, anyhow};

fn from_row(r: &Row<'_>) -> Result<Template> {
    let kind: String = r.get(5)?;
    Ok(Template {
        name: r.get(0)?,
        version: r.get(1)?,
        subject: r.get(2)?,
        text: r.get(3)?,
        html: r.get(4)?,
        kind: kind.parse().map_err(|e: String| anyhow!(e))?,
    })
}

pub fn latest(conn: &Conn, name: &str) -> Result<Option<Template>> {
    conn.query_opt(
        "SELECT name, version, subject, text_body, html_body, kind FROM templates
         WHERE name = $1 ORDER BY version DESC LIMIT 1",
        &[&name],
        from_row,
    )
}

pub fn get(conn: &Conn, name: &str, version: i64) -> Result<Option<Template>> {
    conn.query_opt(
        "SELECT name, version, subject, text_body, html_body, kind FROM templates
         WHERE name = $1 AND version = $2",
        &[&name, &version],
        from_row,
    )
}

pub fn names(conn: &Conn) -> Result<Vec<String>> {
    conn.query(
        "SELECT DISTINCT name FROM templates ORDER BY name",
        &[],
        |r| r.get(0),
    )
}

/// Adds the next version of the template's name; returns it.
pub fn insert(conn: &Conn, t: &Template, created_by: &str) -> Result<i64> {
    conn.value(
        "INSERT INTO templates (name, version, subject, text_body, html_body, created_by, kind)
         VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM templates WHERE name = $1),
                 $2, $3, $4, $5, $6)
         RETURNING version",
        &[
            &t.name,
            &t.subject,
            &t.text,
            &t.html,
            &created_by,
            &t.kind.as_str(),
        ],
    )
}
