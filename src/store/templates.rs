//! The `templates` table: every version of every email template.

use crate::model::Template;
use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Template> {
    Ok(Template {
        name: r.get(0)?,
        version: r.get(1)?,
        subject: r.get(2)?,
        text: r.get(3)?,
        html: r.get(4)?,
    })
}

pub fn latest(conn: &Connection, name: &str) -> Result<Option<Template>> {
    Ok(conn
        .query_row(
            "SELECT name, version, subject, text_body, html_body FROM templates
             WHERE name = ?1 ORDER BY version DESC LIMIT 1",
            [name],
            from_row,
        )
        .optional()?)
}

pub fn get(conn: &Connection, name: &str, version: i64) -> Result<Option<Template>> {
    Ok(conn
        .query_row(
            "SELECT name, version, subject, text_body, html_body FROM templates
             WHERE name = ?1 AND version = ?2",
            params![name, version],
            from_row,
        )
        .optional()?)
}

pub fn names(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT DISTINCT name FROM templates ORDER BY name")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds the next version of the template's name; returns it.
pub fn insert(conn: &Connection, t: &Template, created_by: &str) -> Result<i64> {
    let version: i64 = conn.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM templates WHERE name = ?1",
        [&t.name],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO templates (name, version, subject, text_body, html_body, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![t.name, version, t.subject, t.text, t.html, created_by],
    )?;
    Ok(version)
}
