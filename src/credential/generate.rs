//! Generated passwords: random characters from the policy's alphabet, or a passphrase of
//! words from the EFF long word list, drawn from a CSPRNG.
//!
//! The `passwords` crate cannot be told which symbols to use, and the ones it adds
//! (`\ ^ ~ { } [ ]`, a leading `-`) are hard to type on European keyboards, so characters
//! are drawn here with `rand`'s uniform choice over our own alphabet.

use crate::model::{Style, SymbolSet};
use crate::policy::{Context, PasswordPolicy};
use anyhow::{Result, bail};
use rand::seq::IndexedRandom;
use secrecy::SecretString;
use zeroize::Zeroizing;

/// Draws before giving up: a draw fails only when it happens to contain a blocked word.
const DRAWS: usize = 1_000;

const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const DIGITS: &str = "0123456789";
/// On the same keys of US, UK, German, French, Spanish, Italian and Nordic layouts, typed
/// without AltGr or a dead key (quotes are dead keys on US-International).
const TYPEABLE_SYMBOLS: &str = "!%&*()+-=?_:/";
const ALL_SYMBOLS: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
/// Characters that read alike in many fonts.
const AMBIGUOUS: &str = "0O1lI|`'\"";

/// The EFF long word list: 7,776 words, log2(7776) = 12.9 bits each.
pub const WORDS: &[&str] = &diceware_wordlists::EFF_LONG_WORDLIST;

/// Bits of a generated password under `policy`, as drawn (before the redraws that refuse a
/// blocked word, which remove a negligible share).
pub fn entropy_bits(policy: &PasswordPolicy) -> f64 {
    match policy.style {
        Style::Random => {
            f64::from(policy.generated_length) * (alphabet(policy).len() as f64).log2()
        }
        Style::Passphrase => {
            f64::from(policy.passphrase_words) * (WORDS.len() as f64).log2()
                + (passphrase_digits().len() as f64).log2()
        }
    }
}

fn class(chars: &str, policy: &PasswordPolicy) -> Vec<char> {
    chars
        .chars()
        .filter(|c| !(policy.exclude_ambiguous && AMBIGUOUS.contains(*c)))
        .collect()
}

fn symbols(policy: &PasswordPolicy) -> &'static str {
    match policy.symbols {
        SymbolSet::Typeable => TYPEABLE_SYMBOLS,
        SymbolSet::All => ALL_SYMBOLS,
    }
}

fn alphabet(policy: &PasswordPolicy) -> Vec<char> {
    [UPPER, LOWER, DIGITS, symbols(policy)]
        .iter()
        .flat_map(|set| class(set, policy))
        .collect()
}

fn passphrase_digits() -> Vec<char> {
    // 0 and 1 read like O and l; a passphrase is meant to be read and typed.
    "23456789".chars().collect()
}

/// A new password that passes `policy` for this employee.
pub fn generate(policy: &PasswordPolicy, context: &Context) -> Result<SecretString> {
    for _ in 0..DRAWS {
        let password = match policy.style {
            Style::Random => random(policy),
            Style::Passphrase => passphrase(policy),
        };
        if policy.check(&password, context).is_empty() {
            return Ok(SecretString::from(password.to_string()));
        }
    }
    bail!("no generated password passed the policy in {DRAWS} draws: check its blocked words")
}

/// `generated_length` characters with every class present, starting and ending with a letter
/// or digit (no leading `-` that reads as an option, no trailing mark that reads as
/// punctuation).
fn random(policy: &PasswordPolicy) -> Zeroizing<String> {
    let mut rng = rand::rng();
    let alphabet = alphabet(policy);
    let classes = [UPPER, LOWER, DIGITS, symbols(policy)].map(|set| class(set, policy));
    loop {
        let mut password =
            Zeroizing::new(String::with_capacity(policy.generated_length as usize * 4));
        for _ in 0..policy.generated_length {
            password.push(*alphabet.choose(&mut rng).expect("a non-empty alphabet"));
        }
        let edges_plain = [password.chars().next(), password.chars().last()]
            .iter()
            .all(|c| c.is_some_and(char::is_alphanumeric));
        let every_class = classes
            .iter()
            .all(|set| password.chars().any(|c| set.contains(&c)));
        if edges_plain && every_class {
            return password;
        }
    }
}

/// `passphrase_words` capitalised words joined by `-`, and a digit: every class present, so
/// it passes whatever classes the policy requires.
fn passphrase(policy: &PasswordPolicy) -> Zeroizing<String> {
    let mut rng = rand::rng();
    let mut password = Zeroizing::new(String::new());
    for i in 0..policy.passphrase_words {
        if i > 0 {
            password.push('-');
        }
        let word = WORDS.choose(&mut rng).expect("a non-empty word list");
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            password.extend(first.to_uppercase());
            password.push_str(chars.as_str());
        }
    }
    password.push(*passphrase_digits().choose(&mut rng).expect("digits"));
    password
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use secrecy::ExposeSecret;

    fn valid_policy() -> impl Strategy<Value = PasswordPolicy> {
        (8u32..40, 0u32..30, any::<[bool; 6]>(), 64u32..200).prop_filter_map(
            "contradictory",
            |(min, extra, flags, max)| {
                let policy = PasswordPolicy {
                    min_length: min,
                    max_length: max,
                    generated_length: (min + extra).min(max).max(4),
                    require_upper: flags[0],
                    require_lower: flags[1],
                    require_digit: flags[2],
                    require_symbol: flags[3],
                    exclude_ambiguous: flags[4],
                    symbols: if flags[5] {
                        SymbolSet::All
                    } else {
                        SymbolSet::Typeable
                    },
                    ..PasswordPolicy::default()
                };
                policy.contradictions().is_empty().then_some(policy)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn every_generated_password_passes_its_own_policy(policy in valid_policy(), name in "[a-z]{3,8}") {
            let context = Context { words: vec![name] };
            let password = generate(&policy, &context).unwrap();
            let password = password.expose_secret();
            prop_assert_eq!(password.chars().count() as u32, policy.generated_length);
            prop_assert!(policy.check(password, &context).is_empty());
            let facts = crate::policy::PasswordFacts::of(password);
            prop_assert!(facts.has_upper && facts.has_lower && facts.has_digit && facts.has_symbol);
            if policy.exclude_ambiguous {
                prop_assert!(!password.contains(['0', 'O', 'l', 'I', '1']), "{}", password);
            }
            if policy.symbols == SymbolSet::Typeable {
                prop_assert!(
                    password.chars().all(|c| c.is_ascii_alphanumeric() || TYPEABLE_SYMBOLS.contains(c)),
                    "{}", password
                );
            }
            let edges = [password.chars().next().unwrap(), password.chars().last().unwrap()];
            prop_assert!(edges.iter().all(|c| c.is_alphanumeric()), "{}", password);
        }

        #[test]
        fn every_passphrase_passes_its_own_policy(words in 5u32..9, name in "[a-z]{3,8}") {
            let policy = PasswordPolicy {
                style: Style::Passphrase,
                passphrase_words: words,
                ..PasswordPolicy::default()
            };
            prop_assume!(policy.contradictions().is_empty());
            let context = Context { words: vec![name] };
            let password = generate(&policy, &context).unwrap();
            let password = password.expose_secret();
            prop_assert!(policy.check(password, &context).is_empty());
            let parts: Vec<&str> = password.split('-').collect();
            prop_assert!(parts.len() as u32 >= words, "{}", password);
            prop_assert!(password.chars().last().unwrap().is_ascii_digit());
            prop_assert!(password.chars().next().unwrap().is_uppercase());
        }
    }

    /// The default symbols avoid what European layouts need AltGr or a dead key for.
    #[test]
    fn typeable_symbols_leave_out_altgr_and_dead_keys() {
        for hard in [
            '\\', '^', '~', '{', '}', '[', ']', '@', '#', '$', '|', '`', '\'', '"',
        ] {
            assert!(!TYPEABLE_SYMBOLS.contains(hard), "{hard}");
        }
        let policy = PasswordPolicy::default();
        for _ in 0..200 {
            let p = generate(&policy, &Context::default()).unwrap();
            let p = p.expose_secret();
            assert!(!p.starts_with('-'), "{p}");
            assert!(
                p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || TYPEABLE_SYMBOLS.contains(c)),
                "{p}"
            );
        }
    }

    #[test]
    fn the_word_list_is_the_eff_long_list_and_entropy_is_counted() {
        assert_eq!(WORDS.len(), 7776);
        assert_eq!(WORDS[0], "abacus");
        let passphrase = PasswordPolicy {
            style: Style::Passphrase,
            passphrase_words: 6,
            ..PasswordPolicy::default()
        };
        let bits = entropy_bits(&passphrase);
        assert!((80.5..80.6).contains(&bits), "6 words and a digit: {bits}");
        // 20 characters from 26 + 26 + 10 + 13, less 0 O 1 l I: 70 characters.
        let random = entropy_bits(&PasswordPolicy::default());
        assert!((122.5..122.6).contains(&random), "{random}");
    }

    #[test]
    fn two_draws_differ() {
        let policy = PasswordPolicy::default();
        let a = generate(&policy, &Context::default()).unwrap();
        let b = generate(&policy, &Context::default()).unwrap();
        assert_ne!(a.expose_secret(), b.expose_secret());
    }
}
