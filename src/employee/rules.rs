//! What makes an employee record valid, field by field.

use super::RowError;
use super::columns::Column;
use super::source::{Layout, Record};
use crate::model::{Employee, Status};
use email_address::{EmailAddress, Options};

/// The longest value each column accepts, in characters.
pub fn max_chars(column: Column) -> usize {
    match column {
        Column::Code | Column::ManagerCode => 64,
        Column::Email | Column::PersonalEmail => 254,
        Column::Status => 16,
        Column::FirstName | Column::LastName | Column::Department | Column::JobTitle => 100,
    }
}

/// Checks one value of `column`; `Err` holds the reason.
pub fn check_field(column: Column, value: &str) -> Result<(), String> {
    check_characters(column, value)?;
    let chars = value.chars().count();
    if chars > max_chars(column) {
        return Err(format!(
            "is {chars} characters long; at most {} are allowed",
            max_chars(column)
        ));
    }
    match column {
        Column::Code if value.is_empty() => Err("is required".into()),
        Column::Code | Column::ManagerCode if value.chars().any(char::is_whitespace) => {
            Err("must not contain spaces".into())
        }
        Column::Email if value.is_empty() => Err("is required".into()),
        Column::Email | Column::PersonalEmail if !value.is_empty() => check_email(value),
        Column::Status => value.parse::<Status>().map(drop),
        _ => Ok(()),
    }
}

/// Checks a manager's name as `--manager-by name` reads it ("First Last" or "Last, First").
pub fn check_person_name(value: &str) -> Result<(), String> {
    check_characters(Column::FirstName, value)?;
    let (chars, most) = (
        value.chars().count(),
        max_chars(Column::FirstName) + max_chars(Column::LastName) + 2,
    );
    if chars > most {
        return Err(format!(
            "is {chars} characters long; a name has at most {most}"
        ));
    }
    Ok(())
}

/// Characters no value may hold: controls, bidi overrides, and (in identifiers) invisibles.
fn check_characters(column: Column, value: &str) -> Result<(), String> {
    // Every character named below is a control character or outside ASCII.
    if value.bytes().all(|b| (b' '..0x7f).contains(&b)) {
        return Ok(());
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(format!("contains a control character (U+{:04X})", c as u32));
    }
    // Bidi overrides and isolates make text read differently than it is ("evil\u{202e}gpj"
    // shows as "eviljpg"); never needed in HR data.
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    {
        return Err(format!(
            "contains a bidirectional override (U+{:04X}) that makes it read differently than it is",
            c as u32
        ));
    }
    // In identifiers, an invisible character makes two codes or addresses look the same.
    let identifier = matches!(
        column,
        Column::Code | Column::ManagerCode | Column::Email | Column::PersonalEmail
    );
    if let Some(c) = value.chars().find(|c| {
        identifier && matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
    }) {
        return Err(format!("contains an invisible character (U+{:04X})", c as u32));
    }
    Ok(())
}

fn check_email(value: &str) -> Result<(), String> {
    let options = Options {
        minimum_sub_domains: 2,
        allow_domain_literal: false,
        allow_display_text: false,
        ..Options::default()
    };
    EmailAddress::parse_with_options(value, options)
        .map(drop)
        .map_err(|e| format!("is not a valid email address ({e})"))
}

/// The script of a letter, for telling look-alikes apart ("Е0001" with a Cyrillic Е).
fn script(c: char) -> Option<&'static str> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x0000..=0x024F | 0x1E00..=0x1EFF => "Latin",
        0x0370..=0x03FF | 0x1F00..=0x1FFF => "Greek",
        0x0400..=0x052F => "Cyrillic",
        0x0530..=0x058F => "Armenian",
        0x0590..=0x05FF => "Hebrew",
        0x0600..=0x06FF => "Arabic",
        _ => "another script",
    })
}

/// Why a value that mixes scripts deserves a second look, if it does.
fn mixed_script(value: &str) -> Option<String> {
    if value.is_ascii() {
        return None; // Latin letters only, if any.
    }
    let mut seen: Vec<&str> = Vec::new();
    for s in value.chars().filter_map(script) {
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    (seen.len() > 1).then(|| {
        format!(
            "mixes {} letters: it may be a look-alike of another value",
            seen.join(" and ")
        )
    })
}

/// Warnings for a valid record: a code, manager code or email domain that mixes scripts
/// (Cyrillic "а" in a Latin code looks the same and is not). Imported, but worth a look.
pub fn warnings(e: &Employee) -> Vec<(Column, String)> {
    fn domain(address: &str) -> &str {
        address.rsplit_once('@').map_or("", |(_, d)| d)
    }
    let personal = e.personal_email.as_deref().unwrap_or("");
    let non_ascii = |column: Column, address: &str| {
        (!address.is_ascii()).then(|| {
            (
                column,
                "has non-ASCII characters: a mail server without SMTPUTF8 will refuse it"
                    .to_owned(),
            )
        })
    };
    [
        (Column::Code, e.code.as_str()),
        (Column::ManagerCode, e.manager_code.as_deref().unwrap_or("")),
        (Column::Email, domain(&e.email)),
        (Column::PersonalEmail, domain(personal)),
    ]
    .into_iter()
    .filter_map(|(column, value)| mixed_script(value).map(|why| (column, why)))
    .chain(non_ascii(Column::Email, &e.email))
    .chain(non_ascii(Column::PersonalEmail, personal))
    .collect()
}

/// Checks a whole record; returns every problem, field by field. (Its status is typed, so
/// always valid; text statuses are checked where they are parsed.)
pub fn check_employee(e: &Employee) -> Vec<(Column, String)> {
    let manager = e.manager_code.as_deref().unwrap_or("");
    let mut problems: Vec<(Column, String)> = [
        (Column::Code, e.code.as_str()),
        (Column::FirstName, &e.first_name),
        (Column::LastName, &e.last_name),
        (Column::Email, &e.email),
        (Column::Department, &e.department),
        (Column::JobTitle, &e.job_title),
        (Column::ManagerCode, manager),
        (
            Column::PersonalEmail,
            e.personal_email.as_deref().unwrap_or(""),
        ),
    ]
    .into_iter()
    .filter_map(|(column, value)| check_field(column, value).err().map(|why| (column, why)))
    .collect();
    if !e.code.is_empty() && e.manager_code.as_deref() == Some(e.code.as_str()) {
        problems.push((
            Column::ManagerCode,
            "an employee cannot be their own manager".into(),
        ));
    }
    problems
}

/// Builds an employee from a CSV record, or says everything wrong with it.
pub fn employee_from_record(
    record: Record,
    layout: &Layout,
    headers: &[String],
) -> Result<Employee, Vec<RowError>> {
    let mut errors = record.errors;
    let mut fields = record.fields.map(Option::unwrap_or_default);
    let take = |fields: &mut [String; Column::ALL.len()], c: Column| {
        std::mem::take(&mut fields[c as usize])
    };
    let status_text = take(&mut fields, Column::Status);
    let manager = take(&mut fields, Column::ManagerCode);
    let personal = take(&mut fields, Column::PersonalEmail);
    let employee = Employee {
        code: take(&mut fields, Column::Code),
        first_name: take(&mut fields, Column::FirstName),
        last_name: take(&mut fields, Column::LastName),
        email: take(&mut fields, Column::Email),
        department: take(&mut fields, Column::Department),
        job_title: take(&mut fields, Column::JobTitle),
        manager_code: (!manager.is_empty()).then_some(manager),
        status: status_text.parse().unwrap_or_default(),
        personal_email: (!personal.is_empty()).then_some(personal),
    };
    let mut problems = check_employee(&employee);
    if let Err(reason) = check_field(Column::Status, &status_text) {
        problems.push((Column::Status, reason));
    }
    for (column, reason) in problems {
        // A column the file does not have can only be a required one that is missing, which
        // the header check reports once for the whole file.
        let Some(index) = layout.position(column) else {
            continue;
        };
        let value = match column {
            Column::Status => status_text.clone(),
            _ => value_of(&employee, column),
        };
        errors.push(RowError::at(
            record.line,
            index,
            &headers[index],
            &value,
            &reason,
        ));
    }
    if errors.is_empty() {
        Ok(employee)
    } else {
        Err(errors)
    }
}

/// The value of one column of an employee, as text.
pub fn value_of(e: &Employee, column: Column) -> String {
    match column {
        Column::Code => e.code.clone(),
        Column::FirstName => e.first_name.clone(),
        Column::LastName => e.last_name.clone(),
        Column::Email => e.email.clone(),
        Column::Department => e.department.clone(),
        Column::JobTitle => e.job_title.clone(),
        Column::ManagerCode => e.manager_code.clone().unwrap_or_default(),
        Column::Status => e.status.as_str().to_owned(),
        Column::PersonalEmail => e.personal_email.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_script_codes_and_domains_are_named() {
        let mut e = Employee {
            code: "E0\u{0415}01".into(), // a Cyrillic Е
            first_name: "Anna".into(),
            last_name: "Иванова".into(),
            email: "anna@ex\u{0430}mple.com".into(), // a Cyrillic а
            department: String::new(),
            job_title: String::new(),
            manager_code: None,
            status: Status::Active,
            personal_email: None,
        };
        let found = warnings(&e);
        // The code, the domain, and the address being non-ASCII at all.
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].1.contains("mixes Latin and Cyrillic letters"),
            "{found:?}"
        );
        e.code = "E0001".into();
        e.email = "anna@example.com".into();
        assert!(warnings(&e).is_empty(), "a Cyrillic name alone is fine");
    }

    #[test]
    fn bidi_overrides_anywhere_and_invisible_characters_in_identifiers_are_refused() {
        let rlo = check_field(Column::FirstName, "Ann\u{202E}eciv").unwrap_err();
        assert!(rlo.contains("U+202E"), "{rlo}");
        let zw = check_field(Column::Code, "E\u{200B}001").unwrap_err();
        assert!(zw.contains("invisible character (U+200B)"), "{zw}");
        assert!(check_field(Column::Email, "ann\u{FEFF}@example.com").is_err());
        assert!(check_field(Column::LastName, "Nguyễn").is_ok());
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(check_field(Column::Email, "zoe.muller@example.com").is_ok());
        for bad in [
            "bob@",
            "@example.com",
            "bob",
            "bob@localhost",
            "Bob <bob@example.com>",
            "a b@example.com",
        ] {
            assert!(check_field(Column::Email, bad).is_err(), "{bad} passed");
        }
    }

    #[test]
    fn control_characters_are_refused_in_every_column() {
        for c in ['\r', '\n', '\0', '\t', '\u{1b}', '\u{7f}', '\u{85}'] {
            let value = format!("Ann{c}e");
            let err = check_field(Column::FirstName, &value).unwrap_err();
            assert!(err.contains("control character"), "{err}");
        }
    }

    #[test]
    fn lengths_are_counted_in_characters_not_bytes() {
        assert!(check_field(Column::FirstName, &"ë".repeat(100)).is_ok());
        assert!(check_field(Column::FirstName, &"ë".repeat(101)).is_err());
    }

    #[test]
    fn an_employee_cannot_manage_themselves() {
        let e = Employee {
            code: "E1".into(),
            first_name: String::new(),
            last_name: String::new(),
            email: "e1@example.com".into(),
            department: String::new(),
            job_title: String::new(),
            manager_code: Some("E1".into()),
            status: Status::Active,
            personal_email: None,
        };
        assert_eq!(
            check_employee(&e),
            vec![(
                Column::ManagerCode,
                "an employee cannot be their own manager".into()
            )]
        );
    }
}
