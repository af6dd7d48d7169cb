//! `template` and `log`: email templates checked when set, previews masked, the audit trail.

use crate::common::TestEnv;

#[test]
fn init_stores_both_default_templates() {
    let env = TestEnv::new();
    let list = env.ok(&["--format", "csv", "template", "list"]);
    assert!(list.contains("existing-password,1,"), "{list}");
    assert!(list.contains("new-password,1,"), "{list}");
}

#[test]
fn set_refuses_a_template_without_the_password_or_with_unknown_variables() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let no_password = env.file("a.txt", "Hello {{ employee.first_name }}, welcome.");
    let text = env.fails(
        1,
        &[
            "template",
            "set",
            "new-password",
            "--subject",
            "Hi",
            "--text",
            &no_password,
        ],
    );
    assert!(text.contains("does not use {{ password }}"), "{text}");
    let unknown = env.file("b.txt", "{{ password }} and {{ employee.salary }}");
    let text = env.fails(
        1,
        &[
            "template",
            "set",
            "new-password",
            "--subject",
            "Hi",
            "--text",
            &unknown,
        ],
    );
    assert!(
        text.contains("unknown variable \"employee.salary\""),
        "{text}"
    );
    let good = env.file("c.txt", "Hi {{ employee.first_name }}: {{ password }}");
    let text = env.fails(
        1,
        &[
            "template",
            "set",
            "new-password",
            "--subject",
            "Hi\r\nBcc: x@example.com",
            "--text",
            &good,
        ],
    );
    assert!(text.contains("subject must be one line"), "{text}");
    assert_eq!(env.snapshot(), before);

    let out = env.ok(&[
        "template",
        "set",
        "new-password",
        "--subject",
        "Welcome to {{ company }}",
        "--text",
        &good,
    ]);
    assert!(out.contains("version 2"), "{out}");
    let shown: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "template", "show", "new-password"]))
            .unwrap();
    assert_eq!(shown["version"], 2);
    assert_eq!(shown["html"], serde_json::Value::Null);
    let old: serde_json::Value = serde_json::from_str(&env.ok(&[
        "--format",
        "json",
        "template",
        "show",
        "new-password",
        "--version",
        "1",
    ]))
    .unwrap();
    assert!(old["html"].as_str().unwrap().contains("{{ password }}"));
}

#[test]
fn preview_masks_the_password_and_escapes_html() {
    let env = TestEnv::with_examples();
    env.ok(&[
        "employees",
        "add",
        "--code",
        "X1",
        "--email",
        "x1@example.com",
        "--first-name",
        "<b>Bo</b> & \"Co\"",
    ]);
    let preview = env.ok(&["template", "preview", "new-password", "--employee", "X1"]);
    assert!(
        preview.contains("Hello <b>Bo</b> & \"Co\","),
        "the text part is not escaped: {preview}"
    );
    assert!(
        preview.contains("Hello &lt;b&gt;Bo&lt;&#x2f;b&gt; &amp; &quot;Co&quot;,"),
        "the HTML part is: {preview}"
    );
    assert!(preview.contains("••••"), "{preview}");
    assert!(
        preview.contains("https://portal.example.com/login"),
        "{preview}"
    );
    let rendered: serde_json::Value = serde_json::from_str(&env.ok(&[
        "--format",
        "json",
        "template",
        "preview",
        "existing-password",
        "--employee",
        "E0001",
    ]))
    .unwrap();
    assert_eq!(rendered["subject"], "Your Example Corp portal password");
    assert!(rendered["text"].as_str().unwrap().contains("Hello Zoë,"));
}

#[test]
fn edit_runs_the_editor_and_stores_a_new_version() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("EDITOR", "sed -i s/Hello/Howdy/")
        .args(["template", "edit", "new-password"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "template", "show", "new-password"]))
            .unwrap();
    assert_eq!(shown["version"], 2);
    assert!(
        shown["text"].as_str().unwrap().starts_with("Howdy"),
        "{shown}"
    );
    // An edit that removes the password is refused and stores nothing.
    let out = env
        .cmd()
        .env("EDITOR", "sed -i s/password//g")
        .args(["template", "edit", "new-password"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let shown: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "template", "show", "new-password"]))
            .unwrap();
    assert_eq!(shown["version"], 2);
}

#[test]
fn the_log_lists_what_happened_filtered_and_neutralised() {
    let env = TestEnv::with_examples();
    env.ok(&["select", "add", "E0002", "E0003"]);
    env.ok(&["employees", "update", "E0002", "--job-title", "CTO"]);
    let log: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "log", "--employee", "E0002"])).unwrap();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["selection.add", "employee.update"]);
    assert_eq!(log[0]["operator"], whoami::username().unwrap());
    assert!(
        env.ok(&["--format", "json", "log", "--since", "2999-01-01"])
            .trim()
            == "[]"
    );
    env.fails(2, &["log", "--since", "last tuesday"]);

    // A file name with a line break ends up in an audit detail; the log shows it escaped.
    let odd = env.file("odd\nname.csv", "employee_code,email\nZ9,z9@example.com\n");
    env.ok(&["employees", "import", &odd]);
    let table = env.ok(&["log", "--limit", "1"]);
    assert!(table.contains("odd\\nname.csv"), "{table}");
}

/// Hostile templates: each is refused at `template set` in bounded time with a reason that
/// says what, and the store is unchanged (issue 9).
#[test]
fn hostile_templates_are_refused_at_set_quickly_with_the_reason() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let chain = format!(
        "{{{{ {} }}}}Password: {{{{ password }}}}",
        vec!["1"; 29_000].join("+")
    );
    let filters = format!("Password: {{{{ password{} }}}}", "|trim".repeat(40));
    let corpus: Vec<(&str, String, &str)> = vec![
        (
            "10^10 loop",
            "{% for a in 'x' * 100000 %}{% for b in 'x' * 100000 %}{% endfor %}{% endfor %}Password: {{ password }}".into(),
            "runs too long",
        ),
        (
            "huge strings",
            "{% for i in 'x' * 10000 %}{{ 'x' * 90000 }}{% endfor %}Password: {{ password }}".into(),
            "renders to more than 256 KiB",
        ),
        (
            "joined characters",
            "{{ ('x' * 99999)|list|join(', ') }}Password: {{ password }}".into(),
            "renders to more than 256 KiB",
        ),
        ("29,000-deep chain", chain, "a part may have at most"),
        ("40 filters", filters, "40 filters in one tag"),
        (
            "a number too large to repeat",
            "{{ 'x' * 100000000 }}Password: {{ password }}".into(),
            "larger than 100000",
        ),
        (
            "hidden password",
            "{% if false %}{{ password }}{% endif %}Welcome".into(),
            "does not carry the password",
        ),
        (
            "include named after the password",
            "Password: {{ password }}{% include password %}".into(),
            "`include` is not allowed",
        ),
        ("extends", "{% extends 'base' %}{{ password }}".into(), "`extends` is not allowed"),
        ("import", "{% import 'x' as y %}{{ password }}".into(), "`import` is not allowed"),
        (
            "doubling variable",
            "{% set x = password ~ password %}{{ x }}".into(),
            "`set` is not allowed",
        ),
    ];
    for (what, body, reason) in corpus {
        let file = env.file("hostile.txt", &body);
        let started = std::time::Instant::now();
        let out = env.fails(
            1,
            &[
                "template",
                "set",
                "hostile",
                "--subject",
                "Hi",
                "--text",
                &file,
            ],
        );
        assert!(out.contains(reason), "{what}: {out}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{what}: took {:?}",
            started.elapsed()
        );
    }
    let text = env.file("ok.txt", "Password: {{ password }}");
    let long_subject = "S".repeat(10_000);
    let out = env.fails(
        1,
        &[
            "template",
            "set",
            "hostile",
            "--subject",
            &long_subject,
            "--text",
            &text,
        ],
    );
    assert!(out.contains("a part may have at most 1024"), "{out}");
    let out = env.fails(
        1,
        &[
            "template",
            "set",
            "hostile",
            "--subject",
            "{{ 'x' * 300 }}",
            "--text",
            &text,
        ],
    );
    assert!(out.contains("subject has 300 characters"), "{out}");
    assert_eq!(env.snapshot(), before, "nothing stored");
}

/// `log --since` takes the forms people type (issue 10).
#[test]
fn log_since_takes_today_yesterday_and_spans() {
    let env = TestEnv::new();
    for since in ["today", "yesterday", "7d", "12h", "2026-01-01"] {
        let out = env.ok(&["--format", "json", "log", "--since", since]);
        let entries: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(
            !entries.as_array().unwrap().is_empty(),
            "{since}: init is logged"
        );
    }
    let json = env.ok(&["--format", "json", "log"]);
    let at = serde_json::from_str::<serde_json::Value>(&json).unwrap()[0]["at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        at.len() == 20 && at.as_bytes()[10] == b'T' && at.ends_with('Z'),
        "RFC 3339: {at}"
    );
    let csv = env.ok(&["--format", "csv", "log"]);
    assert!(csv.lines().nth(1).unwrap().starts_with(&at[..10]), "{csv}");
    let text = env.fails(2, &["log", "--since", "last week"]);
    assert!(text.contains("today, yesterday, 7d"), "{text}");
}
