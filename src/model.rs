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
    /// A private address for a new hire without a working company mailbox yet
    /// (`send-password --address personal|auto`).
    #[serde(default)]
    pub personal_email: Option<String>,
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
    match text.is_ascii() {
        true => text.to_ascii_lowercase(),
        false => fold_owned(deunicode::deunicode(text)),
    }
}

/// `fold`, in place where the text is ASCII already (deunicode's output always is).
fn fold_owned(mut text: String) -> String {
    if !text.is_ascii() {
        text = deunicode::deunicode(&text);
    }
    text.make_ascii_lowercase();
    text
}

impl Employee {
    /// What substring search runs over: code, names and email, folded.
    pub fn search_key(&self) -> String {
        fold_owned(format!(
            "{}\u{1f}{} {}\u{1f}{}",
            self.code, self.first_name, self.last_name, self.email
        ))
    }
}

/// Where a credential is in its life (ARCHITECTURE.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CredentialState {
    /// Issued, waiting for the mail server to accept the message that carries it.
    Pending,
    /// The one that signs in.
    Active,
    /// Replaced; its hash is kept for the history rule.
    Retired,
}

impl CredentialState {
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialState::Pending => "pending",
            CredentialState::Active => "active",
            CredentialState::Retired => "retired",
        }
    }

    /// The state a `credentials.state` value names (the schema allows only the three).
    pub fn from_column(value: &str) -> CredentialState {
        match value {
            "pending" => CredentialState::Pending,
            "active" => CredentialState::Active,
            _ => CredentialState::Retired,
        }
    }
}

/// Who chose the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Generated and sent by hrpass: temporary, must be changed.
    Issued,
    /// Set by the employee.
    Employee,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Issued => "issued",
            Origin::Employee => "employee",
        }
    }
}

/// A stored credential. Holds a hash and maybe a sealed copy, never a plaintext password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub id: i64,
    pub employee_id: i64,
    pub version: i64,
    pub state: CredentialState,
    pub origin: Origin,
    pub hash: String,
    pub must_change: bool,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    pub policy_version: i64,
    pub facts: PasswordFacts,
    pub sealed: Option<Vec<u8>>,
    pub failed_attempts: u32,
}

/// One version of the policy. Defaults follow NIST SP 800-63B rev 4 for single-factor
/// passwords: length over composition, no periodic expiry, a blocklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PasswordPolicy {
    pub min_length: u32,
    pub max_length: u32,
    /// Length of the passwords hrpass generates.
    pub generated_length: u32,
    /// Character classes an employee's own password must contain (generated passwords always
    /// contain all four).
    pub require_upper: bool,
    pub require_lower: bool,
    pub require_digit: bool,
    pub require_symbol: bool,
    /// Leave 0/O, 1/l/I and the like out of generated passwords.
    pub exclude_ambiguous: bool,
    /// Words no password may contain, besides the common-password list and the employee's own
    /// names, email, code and the company name.
    pub blocked_words: Vec<String>,
    /// How many previous passwords may not be used again.
    pub history: u32,
    /// 0: passwords chosen by the employee never expire.
    pub max_age_days: u32,
    /// How long an issued (temporary) password stays valid.
    pub temp_valid_hours: u32,
    /// Failed verifications before the credential is locked.
    pub lockout_threshold: u32,
    /// The least zxcvbn strength (0–4) an employee's own password must have; 0 turns the
    /// check off. 3: more than 10^8 guesses.
    pub min_strength: u8,
    /// How generated passwords look: random characters or a passphrase of words.
    pub style: Style,
    /// Which symbols random generated passwords use.
    pub symbols: SymbolSet,
    /// Words in a generated passphrase (`style = passphrase`), 12.9 bits each.
    pub passphrase_words: u32,
    /// Every employee must have a second factor: `verify` answers "must enrol" for one
    /// without.
    pub require_2fa: bool,
    /// `hrpass forgot`: new passwords one employee can get in an hour (0: forgot is off).
    pub forgot_per_employee: u32,
    /// `hrpass forgot`: requests in all in an hour, known or not (0: no overall limit).
    pub forgot_per_hour: u32,
    /// The portal signs an employee out after this long without a request.
    pub session_idle_minutes: u32,
    /// The portal signs an employee out this long after they signed in, busy or not.
    pub session_max_hours: u32,
    /// How long an activation link (`send-password --link`) works once its mail is accepted.
    pub link_valid_hours: u32,
    /// What "forgot password" mails: a link to set a password, or a new password.
    pub forgot_sends: ForgotSends,
}

/// What "forgot password" mails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ForgotSends {
    /// A link when `[portal] public_url` is set, else a password
    #[default]
    Auto,
    /// A single-use link to set a password on the portal (needs `[portal] public_url`)
    Link,
    /// A new temporary password
    Password,
}

impl ForgotSends {
    pub fn as_str(self) -> &'static str {
        match self {
            ForgotSends::Auto => "auto",
            ForgotSends::Link => "link",
            ForgotSends::Password => "password",
        }
    }
}

/// How generated passwords look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Random characters, `generated_length` of them
    #[default]
    Random,
    /// Capitalised words from the EFF long word list joined by `-`, and a digit
    Passphrase,
}

/// The symbols random generated passwords draw from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SymbolSet {
    /// Symbols on the same keys of US, UK, German, French, Spanish, Italian and Nordic
    /// layouts, without AltGr or dead keys: ! % & * ( ) + - = ? _ : /
    #[default]
    Typeable,
    /// All ASCII punctuation (\ ^ ~ { } and the like need AltGr or dead keys on many layouts)
    All,
}

impl Style {
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Random => "random",
            Style::Passphrase => "passphrase",
        }
    }
}

impl SymbolSet {
    pub fn as_str(self) -> &'static str {
        match self {
            SymbolSet::Typeable => "typeable",
            SymbolSet::All => "all",
        }
    }
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_length: 15,
            max_length: 64,
            generated_length: 20,
            require_upper: false,
            require_lower: false,
            require_digit: false,
            require_symbol: false,
            exclude_ambiguous: true,
            blocked_words: Vec::new(),
            history: 5,
            max_age_days: 0,
            temp_valid_hours: 72,
            lockout_threshold: 10,
            min_strength: 3,
            style: Style::Random,
            symbols: SymbolSet::Typeable,
            passphrase_words: 6,
            require_2fa: false,
            forgot_per_employee: 3,
            forgot_per_hour: 300,
            session_idle_minutes: 30,
            session_max_hours: 12,
            link_valid_hours: 24,
            forgot_sends: ForgotSends::Auto,
        }
    }
}

/// What the store keeps about a password so a later policy can judge it without the
/// plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PasswordFacts {
    pub length: u32,
    pub has_upper: bool,
    pub has_lower: bool,
    pub has_digit: bool,
    pub has_symbol: bool,
}

/// One version of a template: a subject, a text part and an optional HTML part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Template {
    pub name: String,
    /// 0: the built-in default, before any `template set`.
    pub version: i64,
    pub kind: TemplateKind,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Where a delivery is in its life (ARCHITECTURE.md). Only `Queued` is ever sent; `Failed`
/// goes back to `Queued` by `outbox retry` while its password can still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryState {
    /// Waiting to be sent (or in flight).
    Queued,
    /// The mail server accepted it.
    Sent,
    /// The mail server refused it (5xx); its password was not activated.
    Failed,
    /// HR cancelled it; a new password it carried was dropped.
    Cancelled,
    /// Accepted after the employee's own change or HR's cancel: the mail went out, its
    /// password never became active.
    Superseded,
    /// Its password was replaced or expired before it could go; never retried.
    Obsolete,
}

impl DeliveryState {
    pub const ALL: [DeliveryState; 6] = [
        DeliveryState::Queued,
        DeliveryState::Sent,
        DeliveryState::Failed,
        DeliveryState::Cancelled,
        DeliveryState::Superseded,
        DeliveryState::Obsolete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Queued => "queued",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
            DeliveryState::Cancelled => "cancelled",
            DeliveryState::Superseded => "superseded",
            DeliveryState::Obsolete => "obsolete",
        }
    }
}

impl fmt::Display for DeliveryState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DeliveryState {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DeliveryState::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = DeliveryState::ALL.iter().map(|s| s.as_str()).collect();
                format!("unknown delivery state {s:?} (one of {})", names.join(", "))
            })
    }
}

/// What a template is for: mail that carries a password (`send-password`), or mail that
/// must not (`send-email`, `notify-expiring`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum TemplateKind {
    /// Must use `{{ password }}` in every body part.
    #[default]
    Password,
    /// Must not use `{{ password }}` anywhere.
    Message,
    /// Must use `{{ link }}` (a single-use activation link) in every body part, and not
    /// `{{ password }}`.
    Link,
}

impl TemplateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::Password => "password",
            TemplateKind::Message => "message",
            TemplateKind::Link => "link",
        }
    }
}

impl FromStr for TemplateKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "password" => Ok(TemplateKind::Password),
            "message" => Ok(TemplateKind::Message),
            "link" => Ok(TemplateKind::Link),
            other => Err(format!("unknown template kind {other:?}")),
        }
    }
}
