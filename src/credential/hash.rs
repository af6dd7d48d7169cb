//! argon2id hashing into PHC strings and their verification, on memory kept between hashes.

use anyhow::{Context, Result, anyhow};
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{ARGON2ID_IDENT, Algorithm, Argon2, Block, Params, Version};
use std::sync::{Mutex, OnceLock, PoisonError};
use zeroize::Zeroize;

/// OWASP's floor for argon2id: 19 MiB, two passes, one lane.
pub const OWASP_MEMORY_KIB: u32 = 19_456;
pub const OWASP_ITERATIONS: u32 = 2;
pub const OWASP_PARALLELISM: u32 = 1;

const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;

/// Memory blocks of hashers that are done, for the next ones: allocating and faulting in (or
/// zeroing) 19 MiB per hash costs a third of its time. At most as many are kept as there are
/// cores (hashes beyond the cores' number at once only wait for one another), and none
/// larger than `SPARE_MAX_BLOCKS`.
static SPARE: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// The largest block kept (64 MiB, RFC 9106's second recommended setting): a stored hash made
/// with far more memory is checked on memory of its own, given back when it is done.
const SPARE_MAX_BLOCKS: usize = 64 * 1024;

fn spare_kept() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
}

/// Hashes (and verifies) passwords with fixed parameters, on one memory block for all its
/// calls, taken from the spare blocks when one of the size is there and given back on drop.
/// argon2 writes every block before it reads it, so a block needs no clearing between hashes.
pub struct Hasher {
    params: Params,
    memory: Vec<Block>,
}

impl Drop for Hasher {
    fn drop(&mut self) {
        let mut spare = SPARE.lock().unwrap_or_else(PoisonError::into_inner);
        give_back(&mut spare, std::mem::take(&mut self.memory), spare_kept());
    }
}

/// A block of `blocks` from `spare`, when one of the size is there.
fn take(spare: &mut Vec<Vec<Block>>, blocks: usize) -> Option<Vec<Block>> {
    let at = spare.iter().position(|m| m.len() == blocks)?;
    Some(spare.remove(at))
}

/// Keeps `memory` in `spare` (the oldest block makes room when `kept` are there already),
/// unless it is larger than `SPARE_MAX_BLOCKS`.
fn give_back(spare: &mut Vec<Vec<Block>>, memory: Vec<Block>, kept: usize) {
    if memory.is_empty() || memory.len() > SPARE_MAX_BLOCKS || kept == 0 {
        return;
    }
    if spare.len() >= kept {
        spare.remove(0);
    }
    spare.push(memory);
}

impl Hasher {
    pub fn new(params: Params) -> Hasher {
        let blocks = params.block_count();
        let taken = take(
            &mut SPARE.lock().unwrap_or_else(PoisonError::into_inner),
            blocks,
        );
        let memory = taken.unwrap_or_else(|| vec![Block::default(); blocks]);
        Hasher { params, memory }
    }

    /// OWASP's parameters (the production default).
    pub fn owasp() -> Hasher {
        Hasher::new(Params::default())
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Runs `f` with this thread's hasher for `params`, made on the thread's first call (or
    /// when the parameters change) and kept: rayon workers hash batch after batch without
    /// faulting in a new memory block each time.
    pub fn with_thread_local<T>(params: &Params, f: impl FnOnce(&mut Hasher) -> T) -> T {
        thread_local! {
            static HASHER: std::cell::RefCell<Option<Hasher>> = const { std::cell::RefCell::new(None) };
        }
        HASHER.with_borrow_mut(|slot| {
            if slot.as_ref().is_none_or(|h| h.params != *params) {
                *slot = Some(Hasher::new(params.clone()));
            }
            f(slot.as_mut().expect("made above"))
        })
    }

    /// A PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) for `password`, salted from
    /// the OS random source.
    pub fn hash(&mut self, password: &str) -> Result<String> {
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|e| anyhow!("the OS random source failed: {e}"))?;
        let mut out = [0u8; HASH_LEN];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
            .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, &mut self.memory)
            .map_err(|e| anyhow!("argon2 failed: {e}"))?;
        let phc = PasswordHash {
            algorithm: ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&self.params).map_err(|e| anyhow!("{e}"))?,
            salt: Some(Salt::new(&salt).map_err(|e| anyhow!("{e}"))?),
            hash: Some(Output::new(&out).map_err(|e| anyhow!("{e}"))?),
        };
        out.zeroize();
        Ok(phc.to_string())
    }
}

/// Whether `password` matches the PHC string: the hash recomputed with the string's own
/// algorithm, version, parameters and salt, and compared in constant time (`Output`'s `==`),
/// as the argon2 crate's verifier does, but on a kept memory block.
pub fn verify(password: &str, phc: &str) -> Result<bool> {
    let parsed = PasswordHash::new(phc).map_err(|e| anyhow!("a stored hash is damaged: {e}"))?;
    let cannot = |e: &dyn std::fmt::Display| anyhow!("cannot verify against the stored hash: {e}");
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return Err(cannot(&"it has no salt or no hash"));
    };
    let algorithm = Algorithm::try_from(parsed.algorithm.as_str()).map_err(|e| cannot(&e))?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).map_err(|e| cannot(&e))?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).map_err(|e| cannot(&e))?;
    within_ceiling(&params).map_err(|e| cannot(&e))?;
    let mut buffer = [0u8; Output::MAX_LENGTH];
    let out = &mut buffer[..expected.len()];
    let mut hasher = Hasher::new(params);
    Argon2::new(algorithm, version, hasher.params.clone())
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut *out, &mut hasher.memory)
        .map_err(|e| cannot(&e))?;
    let matches = Output::new(out).map_err(|e| cannot(&e))? == *expected;
    buffer.zeroize();
    Ok(matches)
}

/// Whether a stored hash was made with weaker parameters than `wanted` (so it should be
/// rehashed at the next successful verification).
pub fn is_weaker(phc: &str, wanted: &Params) -> Result<bool> {
    let parsed = PasswordHash::new(phc).map_err(|e| anyhow!("a stored hash is damaged: {e}"))?;
    let stored = Params::try_from(&parsed)
        .map_err(|e| anyhow!("{e}"))
        .context("a stored hash has unreadable parameters")?;
    Ok(parsed.algorithm != ARGON2ID_IDENT
        || stored.m_cost() < wanted.m_cost()
        || stored.t_cost() < wanted.t_cost()
        || stored.p_cost() < wanted.p_cost())
}

/// The most any hash is given, from config (`Config::out_of_range` names the key) or read
/// from the store: a damaged or planted hash that asks for more memory or time than a
/// configured one may is refused before anything is allocated.
pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
pub const MAX_ITERATIONS: u32 = 64;
pub const MAX_PARALLELISM: u32 = 16;
/// Memory (KiB) × passes, 1 GiB × 4: a few seconds a hash here; past it every sign-in and
/// every issued password would stall.
pub const MAX_WORK: u64 = 4 * 1024 * 1024;

/// Refuses parameters above the ceiling (`MAX_MEMORY_KIB` and the rest).
fn within_ceiling(params: &Params) -> Result<()> {
    let (m, t, p) = (params.m_cost(), params.t_cost(), params.p_cost());
    if m > MAX_MEMORY_KIB
        || t > MAX_ITERATIONS
        || p > MAX_PARALLELISM
        || u64::from(m) * u64::from(t) > MAX_WORK
    {
        anyhow::bail!(
            "argon2 parameters m={m}, t={t}, p={p} are above the ceiling (m up to \
             {MAX_MEMORY_KIB}, t up to {MAX_ITERATIONS}, p up to {MAX_PARALLELISM}, m × t up \
             to {MAX_WORK})"
        );
    }
    Ok(())
}

/// Parameters from config, refused below OWASP's floor and above the ceiling.
pub fn params(memory_kib: u32, iterations: u32, parallelism: u32) -> Result<Params> {
    if memory_kib < OWASP_MEMORY_KIB
        || iterations < OWASP_ITERATIONS
        || parallelism < OWASP_PARALLELISM
    {
        anyhow::bail!(
            "argon2id parameters m={memory_kib}, t={iterations}, p={parallelism} are below the \
             floor m={OWASP_MEMORY_KIB}, t={OWASP_ITERATIONS}, p={OWASP_PARALLELISM}"
        );
    }
    let params = Params::new(memory_kib, iterations, parallelism, Some(HASH_LEN))
        .map_err(|e| anyhow!("argon2 parameters: {e}"))?;
    within_ceiling(&params)?;
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test-sized parameters, passed explicitly; the defaults stay OWASP's.
    pub fn quick() -> Hasher {
        Hasher::new(Params::new(64, 1, 1, Some(HASH_LEN)).unwrap())
    }

    #[test]
    fn a_hash_verifies_its_password_and_no_other() {
        let mut hasher = quick();
        let phc = hasher.hash("tröpfelnde Regenrinne 42").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{phc}");
        assert!(verify("tröpfelnde Regenrinne 42", &phc).unwrap());
        assert!(!verify("tröpfelnde Regenrinne 43", &phc).unwrap());
        // The same password twice gets two salts.
        assert_ne!(phc, hasher.hash("tröpfelnde Regenrinne 42").unwrap());
    }

    #[test]
    fn the_production_default_is_owasps_floor() {
        let p = Params::default();
        assert_eq!(
            (p.m_cost(), p.t_cost(), p.p_cost()),
            (OWASP_MEMORY_KIB, OWASP_ITERATIONS, OWASP_PARALLELISM)
        );
        assert!(params(19_455, 2, 1).is_err());
        assert!(params(19_456, 1, 1).is_err());
        assert!(params(65_536, 3, 1).is_ok());
    }

    #[test]
    fn weaker_stored_parameters_call_for_a_rehash() {
        let phc = quick().hash("x".repeat(20).as_str()).unwrap();
        assert!(is_weaker(&phc, &Params::default()).unwrap());
        assert!(!is_weaker(&phc, &Params::new(64, 1, 1, None).unwrap()).unwrap());
    }

    #[test]
    fn verify_agrees_with_the_argon2_crates_verifier() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        // Made by the crate itself (its own salt, output length and version), and an older
        // version's hash, as another tool may have stored them.
        let params = Params::new(64, 1, 1, Some(24)).unwrap();
        for version in [Version::V0x13, Version::V0x10] {
            let argon2 = Argon2::new(Algorithm::Argon2id, version, params.clone());
            let phc = argon2
                .hash_password_with_salt(b"das richtige Passwort", b"sixteen byte salt")
                .unwrap()
                .to_string();
            let parsed = PasswordHash::new(&phc).unwrap();
            for (password, right) in [("das richtige Passwort", true), ("das falsche", false)] {
                assert_eq!(verify(password, &phc).unwrap(), right, "{phc}");
                assert_eq!(
                    argon2.verify_password(password.as_bytes(), &parsed).is_ok(),
                    right
                );
            }
        }
        // Hashes made one after another on kept memory stay right (no state left behind).
        let phc = quick().hash("erstes").unwrap();
        let other = quick().hash("zweites").unwrap();
        assert!(verify("erstes", &phc).unwrap() && verify("zweites", &other).unwrap());
        assert!(!verify("zweites", &phc).unwrap());
    }

    #[test]
    fn spare_blocks_are_taken_by_size_and_kept_up_to_a_bound() {
        let block = |n: usize| vec![Block::default(); n];
        let mut spare = Vec::new();
        give_back(&mut spare, block(64), 2);
        give_back(&mut spare, block(72), 2);
        assert!(take(&mut spare, 80).is_none(), "no block of another size");
        assert_eq!(take(&mut spare, 64).map(|m| m.len()), Some(64));
        give_back(&mut spare, block(64), 2);
        // Full: the oldest (72) makes room for the newest.
        give_back(&mut spare, block(96), 2);
        let sizes: Vec<usize> = spare.iter().map(Vec::len).collect();
        assert_eq!(sizes, [64, 96]);
        // Above 64 MiB a block is given back to the allocator, not kept.
        give_back(&mut spare, block(SPARE_MAX_BLOCKS + 1), 2);
        assert_eq!(spare.len(), 2);
        assert!(take(&mut spare, SPARE_MAX_BLOCKS + 1).is_none());
    }

    #[test]
    fn a_damaged_hash_is_an_error_not_a_mismatch() {
        assert!(verify("x", "$argon2id$garbage").is_err());
        // Asking for 4 TiB or four billion passes: refused before any memory or time is
        // spent (the argon2 crate would try to allocate, or run for days).
        let salt = "c2l4dGVlbiBieXRlIHNhbHQ";
        let hash = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        for costs in ["m=4294967295,t=1,p=1", "m=19456,t=4000000000,p=1"] {
            let planted = format!("$argon2id$v=19${costs}${salt}${hash}");
            let refused = verify("x", &planted).unwrap_err().to_string();
            assert!(
                refused.contains("above the ceiling"),
                "{planted}: {refused}"
            );
        }
        assert!(params(MAX_MEMORY_KIB + 1, 2, 1).is_err());
        assert!(params(MAX_MEMORY_KIB, 4, MAX_PARALLELISM).is_ok());
        assert!(
            params(MAX_MEMORY_KIB, 5, 1).is_err(),
            "more work than 1 GiB × 4"
        );
    }
}
