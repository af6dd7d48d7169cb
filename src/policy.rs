//! The company's password policy: what a password must be, how generated ones are made, and
//! how long they last. Versioned: every change is a new version.

pub use crate::model::{PasswordFacts, PasswordPolicy};
use serde::Serialize;

/// A policy and its version number (0: the built-in defaults, before any `policy set`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionedPolicy {
    pub version: i64,
    #[serde(flatten)]
    pub policy: PasswordPolicy,
}

impl PasswordFacts {
    pub fn of(password: &str) -> PasswordFacts {
        let mut facts = PasswordFacts {
            length: password.chars().count() as u32,
            ..PasswordFacts::default()
        };
        for c in password.chars() {
            match c {
                c if c.is_uppercase() => facts.has_upper = true,
                c if c.is_lowercase() => facts.has_lower = true,
                c if c.is_numeric() => facts.has_digit = true,
                c if !c.is_whitespace() && !c.is_alphanumeric() => facts.has_symbol = true,
                _ => {}
            }
        }
        facts
    }
}

/// The employee's own words, which their password must not contain.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub words: Vec<String>,
}

impl Context {
    /// Names, email local part, code and company, folded; words under 3 characters are
    /// too short to judge by.
    pub fn of(employee: &crate::model::Employee, company: &str) -> Context {
        let local = employee.email.split('@').next().unwrap_or_default();
        let mut words: Vec<String> = [
            employee.first_name.as_str(),
            employee.last_name.as_str(),
            local,
            employee.code.as_str(),
            company,
        ]
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()))
        .map(crate::model::fold)
        .filter(|w| w.chars().count() >= 3)
        .collect();
        words.sort();
        words.dedup();
        Context { words }
    }
}

impl PasswordPolicy {
    /// Contradictions in the settings themselves; empty when the policy can be used.
    pub fn contradictions(&self) -> Vec<String> {
        let mut found = Vec::new();
        let classes = [
            self.require_upper,
            self.require_lower,
            self.require_digit,
            self.require_symbol,
        ]
        .iter()
        .filter(|&&on| on)
        .count() as u32;
        if self.min_length < 8 {
            found.push(format!(
                "min_length {} is below 8, the least NIST SP 800-63B allows",
                self.min_length
            ));
        }
        if self.max_length < 64 {
            found.push(format!(
                "max_length {} is below 64: long passphrases must be allowed",
                self.max_length
            ));
        }
        if self.min_length > self.max_length {
            found.push(format!(
                "min_length {} is above max_length {}",
                self.min_length, self.max_length
            ));
        }
        if self.generated_length < self.min_length || self.generated_length > self.max_length {
            // The fix is nearly always the generated length: say the flag and a value.
            let fits = self
                .generated_length
                .clamp(self.min_length, self.max_length.max(self.min_length));
            found.push(format!(
                "generated_length {} is outside min_length {} … max_length {}; set it too, e.g. \
                 `--generated-length {fits}`",
                self.generated_length, self.min_length, self.max_length
            ));
        }
        if classes > self.min_length {
            found.push(format!(
                "{classes} required character classes cannot fit in min_length {}",
                self.min_length
            ));
        }
        if self.generated_length < 4 {
            found.push("generated_length must leave room for all four character classes".into());
        }
        if self.temp_valid_hours == 0 {
            found.push("temp_valid_hours must be at least 1".into());
        }
        if self.lockout_threshold == 0 {
            found.push("lockout_threshold must be at least 1".into());
        }
        if !(1..=1_440).contains(&self.session_idle_minutes) {
            found.push(format!(
                "session_idle_minutes {} is outside 1 … 1440 (a day)",
                self.session_idle_minutes
            ));
        }
        if !(1..=720).contains(&self.session_max_hours) {
            found.push(format!(
                "session_max_hours {} is outside 1 … 720 (30 days)",
                self.session_max_hours
            ));
        } else if u64::from(self.session_idle_minutes) > u64::from(self.session_max_hours) * 60 {
            found.push(format!(
                "session_idle_minutes {} is longer than session_max_hours {}: the idle limit \
                 would never apply",
                self.session_idle_minutes, self.session_max_hours
            ));
        }
        if !(1..=72).contains(&self.link_valid_hours) {
            found.push(format!(
                "link_valid_hours {} is outside 1 … 72 (an activation link is short-lived)",
                self.link_valid_hours
            ));
        }
        if !(4..=20).contains(&self.passphrase_words) {
            found.push(format!(
                "passphrase_words {} is outside 4 … 20 (each word adds 12.9 bits)",
                self.passphrase_words
            ));
        } else if self.style == crate::model::Style::Passphrase
            && self.passphrase_words * 10 > self.max_length
        {
            // A word of the list has at most 9 letters, and a separator or digit follows.
            found.push(format!(
                "passphrase_words {} may not fit max_length {}: allow {} characters",
                self.passphrase_words,
                self.max_length,
                self.passphrase_words * 10
            ));
        }
        if self.min_strength > 4 {
            found.push("min_strength is a score from 0 to 4".into());
        } else {
            // A random password's strength comes from its length alone (zxcvbn: about 10
            // guesses a character); these leave a character to spare. Measured: at 8
            // characters no generated password reaches strength 3, at 9 all do.
            let needed = [4, 5, 8, 10, 12][usize::from(self.min_strength)];
            if self.generated_length < needed {
                found.push(format!(
                    "generated_length {} is too short for min_strength {}: generated passwords \
                     need at least {needed} characters to reach it",
                    self.generated_length, self.min_strength
                ));
            }
        }
        found
    }

    /// The rules an employee's own password must keep, in plain words (the portal's change
    /// page lists them beside the field).
    pub fn rules(&self) -> Vec<String> {
        let mut rules = vec![format!(
            "be {} to {} characters long",
            self.min_length, self.max_length
        )];
        let classes: Vec<&str> = [
            (self.require_upper, "an upper-case letter"),
            (self.require_lower, "a lower-case letter"),
            (self.require_digit, "a digit"),
            (self.require_symbol, "a symbol"),
        ]
        .into_iter()
        .filter_map(|(on, what)| on.then_some(what))
        .collect();
        if !classes.is_empty() {
            rules.push(format!("contain {}", classes.join(", ")));
        }
        if self.min_strength > 0 {
            rules.push(
                "be hard to guess: not a common password, a keyboard row, a date, or your \
                 name, email or the company's name"
                    .to_owned(),
            );
        }
        if self.history > 0 {
            rules.push(format!(
                "not be one of your last {} passwords",
                self.history
            ));
        }
        rules
    }

    /// Every rule `password` breaks; empty when it is acceptable.
    pub fn check(&self, password: &str, context: &Context) -> Vec<String> {
        let mut broken = self.judge(&PasswordFacts::of(password));
        if password.chars().any(char::is_control) {
            broken.push("contains a control character".into());
        }
        if passwords::analyzer::is_common_password(password) {
            broken.push("is on the list of common passwords".into());
        }
        if let Some(weak) = self.strength_problem(password, context) {
            broken.push(weak);
        }
        let folded = crate::model::fold(password);
        for word in context.words.iter().chain(&self.blocked_words) {
            let word = crate::model::fold(word);
            if !word.is_empty() && folded.contains(&word) {
                broken.push(format!(
                    "contains {word:?}, a word that is easy to guess here"
                ));
            }
        }
        broken
    }

    /// What zxcvbn makes of a password too easy to guess, in plain words; `None` when it is
    /// strong enough. The employee's names, email, code, the company and the portal's own
    /// words are its user inputs, so "rellumeoz2024" or "Z03Mu113r" count as the name they
    /// hide.
    fn strength_problem(&self, password: &str, context: &Context) -> Option<String> {
        use zxcvbn::feedback::Warning;
        use zxcvbn::matching::patterns::MatchPattern;
        // Past this the estimator's time grows and the length rule has spoken anyway.
        if self.min_strength == 0 || password.chars().count() > 128 {
            return None;
        }
        let inputs: Vec<&str> = context
            .words
            .iter()
            .map(String::as_str)
            .chain(["hrpass", "portal", "password"])
            .collect();
        let estimate = zxcvbn::zxcvbn(password, &inputs);
        let score = estimate.score() as u8;
        // A word about the employee, even reversed or in leetspeak, is refused whatever the
        // score: zxcvbn rates "zoemuller2024" at 10^8 guesses, but an attacker who knows
        // whose account it is needs far fewer.
        let about_you = estimate.sequence().iter().any(|m| {
            matches!(&m.pattern, MatchPattern::Dictionary(d)
                if inputs.contains(&d.matched_word.as_str()))
        });
        if score >= self.min_strength && !about_you {
            return None;
        }
        let why = if about_you {
            "it is built on your name or a word about you, the company or the portal, even \
             reversed or with letters swapped for digits"
        } else {
            match estimate.feedback().and_then(|f| f.warning()) {
                Some(
                    Warning::StraightRowsOfKeysAreEasyToGuess
                    | Warning::ShortKeyboardPatternsAreEasyToGuess,
                ) => "it follows a row of keys",
                Some(Warning::RepeatsLikeAaaAreEasyToGuess) => "it repeats one character",
                Some(Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess) => {
                    "it repeats a short pattern"
                }
                Some(
                    Warning::ThisIsATop10Password
                    | Warning::ThisIsATop100Password
                    | Warning::ThisIsACommonPassword,
                ) => "it is one of the most common passwords",
                Some(Warning::ThisIsSimilarToACommonlyUsedPassword) => {
                    "it is a common password with small changes"
                }
                Some(Warning::SequencesLikeAbcAreEasyToGuess) => {
                    "it is a sequence like abc or 6543"
                }
                Some(Warning::RecentYearsAreEasyToGuess | Warning::DatesAreOftenEasyToGuess) => {
                    "it relies on a year or a date"
                }
                Some(Warning::AWordByItselfIsEasyToGuess) => "it is a single common word",
                Some(
                    Warning::NamesAndSurnamesByThemselvesAreEasyToGuess
                    | Warning::CommonNamesAndSurnamesAreEasyToGuess,
                ) => "it is mostly a common name",
                None => "it is built from predictable parts",
            }
        };
        Some(if score >= self.min_strength {
            format!("is too easy to guess: {why}")
        } else {
            format!(
                "is too easy to guess: {why} (strength {score} of 4; at least {} is needed)",
                self.min_strength
            )
        })
    }

    /// The rules a password with these facts breaks (what can be judged without it).
    pub fn judge(&self, facts: &PasswordFacts) -> Vec<String> {
        let mut broken = Vec::new();
        if facts.length < self.min_length {
            broken.push(format!(
                "is {} characters long; at least {} are needed",
                facts.length, self.min_length
            ));
        }
        if facts.length > self.max_length {
            broken.push(format!(
                "is {} characters long; at most {} are allowed",
                facts.length, self.max_length
            ));
        }
        let classes = [
            (self.require_upper, facts.has_upper, "an upper-case letter"),
            (self.require_lower, facts.has_lower, "a lower-case letter"),
            (self.require_digit, facts.has_digit, "a digit"),
            (self.require_symbol, facts.has_symbol, "a symbol"),
        ];
        for (required, present, what) in classes {
            if required && !present {
                broken.push(format!("needs {what}"));
            }
        }
        broken
    }
}

/// The policy in force (version 0, the built-in defaults, until the first `policy set`).
pub fn current(conn: &crate::store::db::Conn) -> anyhow::Result<VersionedPolicy> {
    match crate::store::policies::latest(conn)? {
        Some(row) => parse(row.version, &row.settings),
        None => Ok(VersionedPolicy {
            version: 0,
            policy: PasswordPolicy::default(),
        }),
    }
}

/// One stored version.
pub fn version(
    conn: &crate::store::db::Conn,
    version: i64,
) -> anyhow::Result<Option<VersionedPolicy>> {
    crate::store::policies::get(conn, version)?
        .map(|row| parse(row.version, &row.settings))
        .transpose()
}

pub(crate) fn parse(version: i64, settings: &str) -> anyhow::Result<VersionedPolicy> {
    let policy = serde_json::from_str(settings)
        .map_err(|e| anyhow::anyhow!("policy version {version} in the store is damaged: {e}"))?;
    Ok(VersionedPolicy { version, policy })
}

/// Stores `policy` as the next version, unless it contradicts itself.
pub fn set(
    store: &mut crate::store::Store,
    policy: &PasswordPolicy,
    operator: &str,
) -> anyhow::Result<i64> {
    let problems = policy.contradictions();
    if !problems.is_empty() {
        anyhow::bail!(
            "the policy contradicts itself:\n  {}",
            problems.join("\n  ")
        );
    }
    let tx = store.write()?;
    let version = crate::store::policies::insert(&tx, &serde_json::to_string(policy)?, operator)?;
    crate::store::audit::record(
        &tx,
        operator,
        "policy.set",
        None,
        &format!("version {version}"),
    )?;
    tx.commit()?;
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zoe() -> crate::model::Employee {
        crate::model::Employee {
            code: "E0001".into(),
            first_name: "Zoë".into(),
            last_name: "Müller".into(),
            email: "zoe.muller@example.com".into(),
            department: "Executive".into(),
            job_title: "CEO".into(),
            manager_code: None,
            status: crate::model::Status::Active,
            personal_email: None,
        }
    }

    #[test]
    fn guessable_passwords_are_refused_in_plain_words_and_passphrases_pass() {
        let policy = PasswordPolicy::default();
        let context = Context::of(&zoe(), "Example Corp");
        for (password, why) in [
            ("aaaaaaaaaaaaaaaaaaaa", "repeats one character"),
            ("Password1Password1Password1", "too easy to guess"),
            ("abcdefghijklmnopqrstuvwxyz", "a sequence like abc"),
            ("iloveyouiloveyou", "too easy to guess"),
            ("rellumeoz2024rellum", "your name"),
            ("Z03Mu113r-2024-Zoe!", "your name"),
            ("reLLumEoz-2024-xyz", "your name"),
            ("hrpass-portal-password", "the portal"),
        ] {
            let broken = policy.check(password, &context).join("; ");
            assert!(broken.contains(why), "{password}: {broken:?}");
        }
        for password in [
            "lantern-Quokka-orbit-73",
            "harbour-Falcon-velvet-58",
            "Kw9#pT2$vL7!mQ4&xR8*",
        ] {
            assert_eq!(
                policy.check(password, &context),
                Vec::<String>::new(),
                "{password}"
            );
        }
        let off = PasswordPolicy {
            min_strength: 0,
            ..PasswordPolicy::default()
        };
        assert!(off.check("iloveyouiloveyou", &context).is_empty());
    }

    #[test]
    fn the_defaults_are_consistent() {
        assert!(PasswordPolicy::default().contradictions().is_empty());
    }

    #[test]
    fn contradictions_are_named() {
        let policy = PasswordPolicy {
            min_length: 70,
            max_length: 64,
            ..PasswordPolicy::default()
        };
        let found = policy.contradictions().join("; ");
        assert!(
            found.contains("min_length 70 is above max_length 64"),
            "{found}"
        );
        assert!(found.contains("generated_length 20 is outside"), "{found}");
        let short = PasswordPolicy {
            min_length: 6,
            ..PasswordPolicy::default()
        };
        assert!(short.contradictions().join(";").contains("below 8"));
    }

    #[test]
    fn every_broken_rule_is_listed() {
        let policy = PasswordPolicy {
            require_digit: true,
            require_symbol: true,
            ..PasswordPolicy::default()
        };
        let context = Context {
            words: vec!["muller".into()],
        };
        let broken = policy.check("Müller", &context).join("; ");
        assert!(
            broken.contains("is 6 characters long; at least 15"),
            "{broken}"
        );
        assert!(broken.contains("needs a digit"), "{broken}");
        assert!(broken.contains("needs a symbol"), "{broken}");
        assert!(broken.contains("\"muller\""), "{broken}");
        assert!(
            policy
                .check("correct horse battery staple 7!", &Context::default())
                .is_empty()
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_length() {
        let policy = PasswordPolicy {
            min_length: 8,
            ..PasswordPolicy::default()
        };
        let broken = policy.check("password1", &Context::default());
        assert!(
            broken.iter().any(|b| b.contains("common passwords")),
            "{broken:?}"
        );
    }

    #[test]
    fn facts_judge_a_password_without_its_plaintext() {
        let facts = PasswordFacts::of("abcdefghijklmnop");
        assert_eq!(facts.length, 16);
        assert!(facts.has_lower && !facts.has_upper && !facts.has_digit && !facts.has_symbol);
        let stricter = PasswordPolicy {
            min_length: 20,
            generated_length: 24,
            require_digit: true,
            ..PasswordPolicy::default()
        };
        assert_eq!(stricter.judge(&facts).len(), 2);
    }
}
