//! Plain data the store returns and the domain works on; no rules live here.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Whether an employee is still with the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Inactive,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Inactive => "inactive",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "active" => Ok(Status::Active),
            "inactive" => Ok(Status::Inactive),
            other => Err(format!(
                "unknown status {other:?} (expected active or inactive)"
            )),
        }
    }
}

/// One employee as the store keeps it. Serialised with the CSV column names as keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employee {
    #[serde(rename = "employee_code")]
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub department: String,
    pub job_title: String,
    pub manager_code: Option<String>,
    pub status: Status,
}

impl Employee {
    /// "First Last", or the code when the record has no name.
    pub fn full_name(&self) -> String {
        let name = format!("{} {}", self.first_name, self.last_name);
        let name = name.trim();
        if name.is_empty() {
            self.code.clone()
        } else {
            name.to_owned()
        }
    }
}

/// An employee with the store's row id, for work that must refer back to the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEmployee {
    pub id: i64,
    pub employee: Employee,
}

/// Folds text for matching: ASCII transliteration, then lower case ("Zoë" and "ZOE" → "zoe").
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

impl Employee {
    /// What substring search runs over: code, names and email, folded.
    pub fn search_key(&self) -> String {
        fold(&format!(
            "{}\u{1f}{} {}\u{1f}{}",
            self.code, self.first_name, self.last_name, self.email
        ))
    }
}
