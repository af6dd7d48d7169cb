//! Generated passwords: the policy's length, all four character classes, from a CSPRNG.

use crate::policy::{Context, PasswordPolicy};
use anyhow::{Result, anyhow, bail};
use secrecy::{ExposeSecret, SecretString};

/// Draws before giving up: a draw fails only when it happens to contain a blocked word.
const DRAWS: usize = 1_000;

/// A new password that passes `policy` for this employee. The `passwords` crate draws from
/// `rand::rng()`, a ChaCha12 generator seeded from the OS and reseeded periodically (a
/// CSPRNG); `strict` redraws until every class is present.
pub fn generate(policy: &PasswordPolicy, context: &Context) -> Result<SecretString> {
    let generator = passwords::PasswordGenerator::new()
        .length(policy.generated_length as usize)
        .numbers(true)
        .lowercase_letters(true)
        .uppercase_letters(true)
        .symbols(true)
        .spaces(false)
        .exclude_similar_characters(policy.exclude_ambiguous)
        .strict(true);
    for _ in 0..DRAWS {
        let password = SecretString::from(
            generator
                .generate_one()
                .map_err(|e| anyhow!("cannot generate a password: {e}"))?,
        );
        if policy.check(password.expose_secret(), context).is_empty() {
            return Ok(password);
        }
    }
    bail!("no generated password passed the policy in {DRAWS} draws: check its blocked words")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn valid_policy() -> impl Strategy<Value = PasswordPolicy> {
        (8u32..40, 0u32..30, any::<[bool; 5]>(), 64u32..200).prop_filter_map(
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
        }
    }

    #[test]
    fn two_draws_differ() {
        let policy = PasswordPolicy::default();
        let a = generate(&policy, &Context::default()).unwrap();
        let b = generate(&policy, &Context::default()).unwrap();
        assert_ne!(a.expose_secret(), b.expose_secret());
    }
}
