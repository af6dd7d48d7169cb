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
    PersonalEmail,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Code,
        Column::FirstName,
        Column::LastName,
        Column::Email,
        Column::Department,
        Column::JobTitle,
        Column::ManagerCode,
        Column::Status,
        Column::PersonalEmail,
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
            Column::PersonalEmail => "personal_email",
        }
    }

    /// Other names for the column, already normalised (see `normalise`): the usual headers of
    /// BambooHR, Personio, Workday, SAP SuccessFactors, OrangeHRM and HiBob exports.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Code => &[
                "employeecode",
                "employeeid",
                "employeeno",
                "employeenumber", // "Employee #", "Employee Number"
                "employeeidnumber",
                "empid",
                "empcode",
                "empno",
                "staffid",
                "staffno",
                "staffnumber",
                "personnelnumber",
                "personnelno",
                "personalnummer",
                "personid",
                "personidexternal", // SuccessFactors
                "userid",           // SuccessFactors
                "workerid",         // Workday
                "code",
                "id", // Personio
            ],
            Column::FirstName => &[
                "firstname",
                "givenname",
                "givennames",
                "forename",
                "first",
                "legalfirstname", // Workday
                "vorname",
            ],
            Column::LastName => &[
                "lastname",
                "surname",
                "familyname",
                "last",
                "legallastname", // Workday
                "nachname",
            ],
            Column::Email => &[
                "email",
                "emailaddress",
                "mail",
                "workemail", // BambooHR, OrangeHRM
                "workemailaddress",
                "primaryworkemail", // Workday
                "businessemail",
                "businessemailaddress",
                "companyemail",
                "officeemail",
                "emailwork",
                "emailid",
            ],
            Column::Department => &[
                "department",
                "dept",
                "departmentname",
                "subunit", // OrangeHRM
                "orgunit",
                "organisationalunit",
                "organizationalunit",
                "abteilung",
            ],
            // Not "title": in many exports that is the salutation (Mr, Ms, Dr).
            Column::JobTitle => &[
                "jobtitle",
                "position", // Personio
                "designation",
                "businesstitle", // Workday
                "positiontitle",
                "jobname",
            ],
            // Not "manager" or "reports to": exports often put the manager's name there
            // (those are read with --manager-by name).
            Column::ManagerCode => &[
                "managercode",
                "managerid",
                "managerno",
                "managernumber",
                "manageremployeeid",
                "manageremployeenumber",
                "managerpersonid",
                "supervisorid",
                "supervisorcode",
                "linemanagerid",
                "reportstoid",
                "reportstoemployeeid",
            ],
            Column::PersonalEmail => &[
                "personalemail", // Personio, HiBob
                "personalemailaddress",
                "privateemail",
                "privateemailaddress",
                "homeemail", // BambooHR, OrangeHRM ("Other Email" is ambiguous)
                "homeemailaddress",
                "emailpersonal",
                "emailprivate",
                "primaryhomeemail", // Workday
                "privatemail",
                "privateemailadresse",
            ],
            Column::Status => &[
                "status", // Personio, SuccessFactors, BambooHR
                "employmentstatus",
                "employeestatus",
                "workerstatus",
                "activestatus",    // Workday
                "lifecyclestatus", // HiBob
            ],
        }
    }

    /// The column a header names, by canonical name or alias, ignoring case and punctuation.
    pub fn from_header(header: &str) -> Option<Column> {
        let key = normalise(header);
        Column::ALL
            .into_iter()
            .find(|c| normalise(c.name()) == key || c.aliases().contains(&key.as_str()))
    }

    /// As `from_header`, for a file whose manager column holds names (`--manager-by name`):
    /// "Reports To", "Manager", "Supervisor" and the like give the manager, and the code
    /// aliases do not (unless `--map` says so).
    pub fn from_header_by_name(header: &str) -> Option<Column> {
        const MANAGER_NAMES: &[&str] = &[
            "manager",
            "managername",
            "managerfullname",
            "reportsto",  // BambooHR, HiBob
            "supervisor", // Personio, OrangeHRM
            "supervisorname",
            "linemanager",
            "linemanagername",
            "reportingmanager",
            "directmanager",
            "directsupervisor",
            "vorgesetzter",
        ];
        let key = normalise(header);
        if MANAGER_NAMES.contains(&key.as_str()) || key == normalise(Column::ManagerCode.name()) {
            return Some(Column::ManagerCode);
        }
        Column::from_header(header).filter(|&c| c != Column::ManagerCode)
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

/// Lower case, letters and digits only, `#` read as "number": "E-mail Address" →
/// "emailaddress", "Employee #" → "employeenumber".
pub(crate) fn normalise(header: &str) -> String {
    header
        .replace('#', "number")
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

/// `--status-map VALUE=active|inactive`: what an export's own status word means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMap {
    pub value: String,
    pub status: crate::model::Status,
}

impl FromStr for StatusMap {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (value, status) = s
            .rsplit_once('=')
            .ok_or_else(|| format!("{s:?} is not VALUE=active or VALUE=inactive"))?;
        let status = match status.trim().to_ascii_lowercase().as_str() {
            "active" => crate::model::Status::Active,
            "inactive" => crate::model::Status::Inactive,
            other => {
                return Err(format!(
                    "{other:?} is not a status: map to active or inactive"
                ));
            }
        };
        Ok(StatusMap {
            value: value.trim().to_owned(),
            status,
        })
    }
}

impl StatusMap {
    /// The status `value` maps to under `maps` (ignoring case and surrounding spaces).
    pub fn apply(maps: &[StatusMap], value: &str) -> Option<crate::model::Status> {
        let value = value.trim();
        let value = value.to_lowercase();
        maps.iter()
            .find(|m| m.value.to_lowercase() == value)
            .map(|m| m.status)
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
        // BambooHR, Workday, OrangeHRM, HiBob, SuccessFactors.
        assert_eq!(Column::from_header("Employee #"), Some(Column::Code));
        assert_eq!(Column::from_header("Employee No."), Some(Column::Code));
        assert_eq!(Column::from_header("Work Email"), Some(Column::Email));
        assert_eq!(
            Column::from_header("Primary Work Email"),
            Some(Column::Email)
        );
        assert_eq!(
            Column::from_header("Legal First Name"),
            Some(Column::FirstName)
        );
        assert_eq!(Column::from_header("Sub Unit"), Some(Column::Department));
        assert_eq!(
            Column::from_header("Business Title"),
            Some(Column::JobTitle)
        );
        assert_eq!(
            Column::from_header("Lifecycle Status"),
            Some(Column::Status)
        );
        assert_eq!(Column::from_header("USERID"), Some(Column::Code));
        assert_eq!(Column::from_header("Reports To"), None);
    }

    #[test]
    fn manager_names_come_from_reports_to_and_the_like() {
        assert_eq!(
            Column::from_header_by_name("Reports To"),
            Some(Column::ManagerCode)
        );
        assert_eq!(
            Column::from_header_by_name("Supervisor"),
            Some(Column::ManagerCode)
        );
        assert_eq!(
            Column::from_header_by_name("manager_code"),
            Some(Column::ManagerCode)
        );
        // A code column is not read as names.
        assert_eq!(Column::from_header_by_name("Manager ID"), None);
        assert_eq!(
            Column::from_header_by_name("Work Email"),
            Some(Column::Email)
        );
    }

    #[test]
    fn a_status_map_names_a_value_and_active_or_inactive() {
        let map: StatusMap = "On Leave=active".parse().unwrap();
        assert_eq!(map.value, "On Leave");
        let maps = [map, "Terminated=inactive".parse().unwrap()];
        assert_eq!(
            StatusMap::apply(&maps, " terminated "),
            Some(crate::model::Status::Inactive)
        );
        assert_eq!(StatusMap::apply(&maps, "Left"), None);
        assert!(
            "Left=gone"
                .parse::<StatusMap>()
                .unwrap_err()
                .contains("active or inactive")
        );
        assert!("Left".parse::<StatusMap>().is_err());
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
