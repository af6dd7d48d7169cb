//! What an email template may do and cost. An HR admin's template runs once for every
//! employee of a send, so it is bounded twice: its source before it is parsed (size, tag
//! length, nesting, the statements it may use), and each render (minijinja's fuel, an
//! instruction budget, and a cap on the rendered size).
//!
//! Templates have no loader and no variables of their own: `include`, `extends`, `import`,
//! `from`, `macro`, `call`, `set`, `with` and `block` are refused. Without them a value is
//! computed inside one tag from bounded inputs, so no template can build a string that
//! doubles tag after tag; filters per tag and integer literals are capped for the same
//! reason.

use std::io;

/// The source of one part (subject, text or HTML).
pub const MAX_SOURCE_BYTES: usize = 32 * 1024;
/// The subject's source.
pub const MAX_SUBJECT_SOURCE_BYTES: usize = 1024;
/// The rendered subject, in characters (RFC 5322 allows lines of 998 octets; mail clients
/// show far less).
pub const MAX_SUBJECT_CHARS: usize = 200;
/// One `{{ … }}`, `{% … %}` or `{# … #}` tag.
pub const MAX_TAG_BYTES: usize = 512;
/// Brackets inside a tag, and blocks (`if`, `for`, `filter`) inside each other.
pub const MAX_NESTING: usize = 16;
/// Filters applied in one tag.
pub const MAX_FILTERS_PER_TAG: usize = 8;
/// The largest integer a template may write.
pub const MAX_INTEGER: u64 = 100_000;
/// Instructions one render of one part may run.
pub const FUEL: u64 = 250_000;
/// The rendered size of one part.
pub const MAX_RENDERED_BYTES: usize = 256 * 1024;

const REFUSED_STATEMENTS: &[(&str, &str)] = &[
    ("include", "templates cannot load other templates"),
    ("extends", "templates cannot load other templates"),
    ("import", "templates cannot load other templates"),
    ("from", "templates cannot load other templates"),
    ("macro", "macros are not supported"),
    ("call", "macros are not supported"),
    ("set", "templates cannot define variables"),
    ("with", "templates cannot define variables"),
    ("block", "templates have no blocks to override"),
];

const OPENING: &[&str] = &["if", "for", "filter", "autoescape", "raw"];
const CLOSING: &[&str] = &["endif", "endfor", "endfilter", "endautoescape", "endraw"];

/// Every reason the source of one part is refused before it is parsed (an empty list when
/// it may be parsed). Parsing a source that breaks these (a 100 KB chain of `1+1+…`) could
/// exhaust the stack.
pub fn check_source(part: &str, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let limit = if part == "subject" {
        MAX_SUBJECT_SOURCE_BYTES
    } else {
        MAX_SOURCE_BYTES
    };
    if source.len() > limit {
        found.push(format!(
            "{part}: {} bytes; a part may have at most {limit}",
            source.len()
        ));
        return found;
    }
    let mut blocks = 0usize;
    let mut rest = source;
    let mut line = 1;
    while let Some(start) = rest.find(['{']) {
        line += rest[..start].matches('\n').count();
        let after = &rest[start..];
        let close = match after.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        let Some(end) = after[2..].find(close) else {
            // An unclosed tag: the parser reports it with its position.
            break;
        };
        let tag = &after[2..2 + end];
        let at = format!("{part}, line {line}");
        if tag.len() > MAX_TAG_BYTES {
            found.push(format!(
                "{at}: a tag of {} bytes; at most {MAX_TAG_BYTES}",
                tag.len()
            ));
        }
        if close != "#}" {
            found.extend(check_tag(&at, tag));
        }
        if close == "%}" {
            let word = tag
                .trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace())
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .next()
                .unwrap_or("");
            if let Some((_, why)) = REFUSED_STATEMENTS.iter().find(|(s, _)| *s == word) {
                found.push(format!("{at}: `{word}` is not allowed: {why}"));
            }
            if OPENING.contains(&word) {
                blocks += 1;
                if blocks > MAX_NESTING {
                    found.push(format!(
                        "{at}: blocks nested {blocks} deep; at most {MAX_NESTING}"
                    ));
                    return found;
                }
            } else if CLOSING.contains(&word) {
                blocks = blocks.saturating_sub(1);
            }
        }
        line += after[..2 + end].matches('\n').count();
        rest = &after[2 + end + close.len()..];
    }
    found
}

/// The limits inside one tag: bracket depth, filters, integer literals.
fn check_tag(at: &str, tag: &str) -> Vec<String> {
    let mut found = Vec::new();
    let (mut depth, mut deepest, mut filters) = (0usize, 0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut digits = String::new();
    let flush = |digits: &mut String, found: &mut Vec<String>| {
        if !digits.is_empty() {
            if digits.parse::<u64>().map_or(true, |n| n > MAX_INTEGER) {
                found.push(format!(
                    "{at}: the number {digits} is larger than {MAX_INTEGER}"
                ));
            }
            digits.clear();
        }
    };
    let mut previous = ' ';
    for c in tag.chars() {
        if let Some(q) = quote {
            if c == q && previous != '\\' {
                quote = None;
            }
            previous = c;
            continue;
        }
        if c.is_ascii_digit()
            && (!digits.is_empty() || !previous.is_alphanumeric() && previous != '_')
        {
            digits.push(c);
            previous = c;
            continue;
        }
        flush(&mut digits, &mut found);
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '|' => filters += 1,
            _ => {}
        }
        previous = c;
    }
    flush(&mut digits, &mut found);
    if deepest > MAX_NESTING {
        found.push(format!(
            "{at}: brackets nested {deepest} deep; at most {MAX_NESTING}"
        ));
    }
    if filters > MAX_FILTERS_PER_TAG {
        found.push(format!(
            "{at}: {filters} filters in one tag; at most {MAX_FILTERS_PER_TAG}"
        ));
    }
    found
}

/// A writer that refuses to grow past `MAX_RENDERED_BYTES`: a render that would is stopped
/// there, not after it took the memory.
#[derive(Default)]
pub struct Capped {
    pub bytes: Vec<u8>,
    pub overflowed: bool,
}

impl io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_RENDERED_BYTES {
            self.overflowed = true;
            return Err(io::Error::other("rendered too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loaders_macros_and_variables_are_refused_with_the_line() {
        for (source, word) in [
            ("Hi\n{% include 'x' %}", "include"),
            ("{% extends password %}", "extends"),
            ("{%- import 'm' as m %}", "import"),
            ("{% macro f() %}{% endmacro %}", "macro"),
            ("{% set x = 1 %}", "set"),
            ("{% with a = 1 %}{% endwith %}", "with"),
        ] {
            let found = check_source("body.txt", source);
            assert!(
                found
                    .iter()
                    .any(|f| f.contains(&format!("`{word}` is not allowed"))),
                "{source}: {found:?}"
            );
        }
        assert!(check_source("body.txt", "Hi\n{% include 'x' %}")[0].contains("line 2"));
    }

    #[test]
    fn deep_long_and_large_sources_are_refused_before_parsing() {
        let chain = format!("{{{{ {} }}}}", vec!["1"; 30_000].join("+"));
        assert!(check_source("body.txt", &chain)[0].contains("bytes; a part may have at most"));
        let brackets = format!("{{{{ {}1{} }}}}", "(".repeat(40), ")".repeat(40));
        assert!(
            check_source("body.txt", &brackets)
                .iter()
                .any(|f| f.contains("brackets nested"))
        );
        let blocks = "{% if true %}".repeat(20);
        assert!(
            check_source("body.txt", &blocks)
                .iter()
                .any(|f| f.contains("blocks nested"))
        );
        let filters = format!("{{{{ password{} }}}}", "|upper".repeat(9));
        assert!(
            check_source("body.txt", &filters)
                .iter()
                .any(|f| f.contains("9 filters"))
        );
        assert!(check_source("body.txt", "{{ 'x' * 100000000 }}")[0].contains("larger than"));
        assert!(check_source("body.txt", "{{ password }} {{ 'x' * 3 }} {{ e2 }}").is_empty());
        assert!(
            check_source("body.txt", "{{ '100000000' }}").is_empty(),
            "a string is no number"
        );
    }
}
