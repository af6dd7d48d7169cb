//! The CSV columns hrpass knows, the header aliases other HR systems use, and `--map`.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Code,
    FirstName,
    LastName,
    Email,
    Department,
    JobTitle,
    ManagerCode,
    Status,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Code,
        Column::FirstName,
        Column::LastName,
        Column::Email,
        Column::Department,
        Column::JobTitle,
        Column::ManagerCode,
        Column::Status,
    ];

    /// The canonical header, as `employees export` writes it and JSON uses as a key.
    pub fn name(self) -> &'static str {
        match self {
            Column::Code => "employee_code",
            Column::FirstName => "first_name",
            Column::LastName => "last_name",
            Column::Email => "email",
            Column::Department => "department",
            Column::JobTitle => "job_title",
            Column::ManagerCode => "manager_code",
            Column::Status => "status",
        }
    }

    /// Other names for the column, already normalised (see `normalise`).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Code => &[
                "employeecode",
                "employeeid",
                "employeeno",
                "employeenumber",
                "empid",
                "empcode",
                "empno",
                "staffid",
                "personnelnumber",
                "code",
                "id",
            ],
            Column::FirstName => &["firstname", "givenname", "forename", "first"],
            Column::LastName => &["lastname", "surname", "familyname", "last"],
            Column::Email => &[
                "email",
                "emailaddress",
                "mail",
                "workemail",
                "workemailaddress",
                "emailid",
            ],
            Column::Department => &["department", "dept", "departmentname"],
            // Not "title": in many exports that is the salutation (Mr, Ms, Dr).
            Column::JobTitle => &["jobtitle", "position", "designation"],
            // Not "manager" or "reports to": exports often put the manager's name there.
            Column::ManagerCode => &[
                "managercode",
                "managerid",
                "manageremployeeid",
                "supervisorid",
                "linemanagerid",
            ],
            Column::Status => &["status", "employmentstatus", "employeestatus"],
        }
    }

    /// The column a header names, by canonical name or alias, ignoring case and punctuation.
    pub fn from_header(header: &str) -> Option<Column> {
        let key = normalise(header);
        Column::ALL
            .into_iter()
            .find(|c| normalise(c.name()) == key || c.aliases().contains(&key.as_str()))
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Column {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Column::from_header(s).ok_or_else(|| {
            let names: Vec<_> = Column::ALL.iter().map(|c| c.name()).collect();
            format!("unknown column {s:?} (known: {})", names.join(", "))
        })
    }
}

/// Lower case, letters and digits only: "E-mail Address" → "emailaddress".
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One `--map SOURCE=COLUMN`: the foreign header SOURCE holds our COLUMN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderMap {
    pub source: String,
    pub column: Column,
}

impl FromStr for HeaderMap {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (source, column) = s
            .split_once('=')
            .ok_or_else(|| format!("{s:?} is not SOURCE=COLUMN"))?;
        if source.trim().is_empty() {
            return Err(format!("{s:?} names no source header"));
        }
        Ok(HeaderMap {
            source: source.trim().to_owned(),
            column: column.trim().parse()?,
        })
    }
}

impl HeaderMap {
    pub fn matches(&self, header: &str) -> bool {
        normalise(&self.source) == normalise(header)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_from_other_hr_systems_are_recognised() {
        assert_eq!(Column::from_header("Employee ID"), Some(Column::Code));
        assert_eq!(Column::from_header("Email Address"), Some(Column::Email));
        assert_eq!(Column::from_header("E-mail"), Some(Column::Email));
        assert_eq!(Column::from_header("FIRST_NAME"), Some(Column::FirstName));
        assert_eq!(Column::from_header("Manager ID"), Some(Column::ManagerCode));
        assert_eq!(Column::from_header("Manager"), None);
        assert_eq!(Column::from_header("Cost Centre"), None);
    }

    #[test]
    fn a_map_names_one_of_our_columns() {
        let map: HeaderMap = "Mitarbeiter-Nr=employee_code".parse().unwrap();
        assert_eq!(map.column, Column::Code);
        assert!(map.matches("mitarbeiter nr"));
        assert!(
            "Foo=salary"
                .parse::<HeaderMap>()
                .unwrap_err()
                .contains("salary")
        );
        assert!("nothing".parse::<HeaderMap>().is_err());
    }
}
