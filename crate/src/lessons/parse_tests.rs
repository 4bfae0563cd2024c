//! Tests of `lessons::parse`: a good file read whole, and each kind of mistake reported at its line and column in the
//! file.

use super::*;

const GOOD: &str = r#"+++
id = "hello-image"
order = 3
mode = "build"
title = { ko = "첫 이미지", en = "A first image" }
teaches = { ko = ["이미지는 레이어의 묶음입니다"], en = ["An image is a stack of layers"] }
ideas = ["image-id", "build-steps"]

[starter]
tag = "hello:1.0"
dockerfile = """
FROM alpine
"""
files = { "index.html" = "<h1>hi</h1>\n" }
do = [ { type = "docker pull alpine" } ]

[solution]
dockerfile = """
FROM alpine
COPY index.html /www/
CMD ["cat", "/www/index.html"]
"""

[[check]]
kind = "build"
says = { ko = "빌드가 성공합니다", en = "the build succeeds" }
hint = { ko = "로그를 보세요", en = "read the log" }

[[check]]
kind = "output"
image = "hello:1.0"
contains = "<h1>hi</h1>"
says = { ko = "hello:1.0이 페이지를 출력합니다", en = "hello:1.0 prints the page" }
hint = { ko = "COPY와 CMD를 쓰세요", en = "COPY the page and CMD cat it" }
+++

<!-- ko -->
한국어 본문.

```dockerfile try
FROM alpine
```

<!-- en -->
The English text.

```dockerfile try
FROM alpine
```
"#;

/// The 1-based line and column of the first `needle` in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle:?} is not in the text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Parses `GOOD` with `from` replaced by `to`; it must fail at the first `at` in the changed text with a message
/// holding `message`.
fn fails(from: &str, to: &str, at: &str, message: &str) {
    assert!(GOOD.contains(from), "{from:?} is not in the good file");
    let text = GOOD.replacen(from, to, 1);
    let error = parse(&text).expect_err(&format!("{to:?} should be refused"));
    let (line, column) = position(&text, at);
    assert!(error.message.contains(message), "{error}: the message does not say {message:?}");
    assert_eq!((error.line, error.column), (line, column), "{error}: expected {line}:{column} (at {at:?})");
}

#[test]
fn a_good_file_is_read_whole() {
    let lesson = parse(GOOD).unwrap();
    assert_eq!(lesson.id, "hello-image");
    assert_eq!(lesson.order, 3);
    assert_eq!(lesson.mode, Mode::Build);
    assert_eq!(lesson.title, Text::new("첫 이미지", "A first image"));
    assert_eq!(lesson.teaches.en, ["An image is a stack of layers"]);
    assert_eq!(lesson.ideas, ["image-id", "build-steps"]);
    assert_eq!(lesson.starter.tag.as_deref(), Some("hello:1.0"));
    assert_eq!(lesson.starter.dockerfile.as_deref(), Some("FROM alpine\n"));
    assert_eq!(lesson.starter.files["index.html"], "<h1>hi</h1>\n");
    assert_eq!(lesson.starter.actions, [Action::Type("docker pull alpine".into())]);
    // The solution's `do` defaults to one build.
    assert_eq!(lesson.solution.actions, [Action::Build]);
    assert_eq!(lesson.solution.tag, None);
    assert_eq!(lesson.checks.len(), 2);
    assert_eq!(lesson.checks[1].kind, CheckKind::Output);
    assert_eq!(lesson.checks[1].image.as_deref(), Some("hello:1.0"));
    assert_eq!(lesson.checks[1].says.en, "hello:1.0 prints the page");
    assert!(lesson.prose.ko.starts_with("한국어 본문.\n\n```dockerfile try\n"), "{:?}", lesson.prose.ko);
    assert!(lesson.prose.ko.ends_with("```\n"), "{:?}", lesson.prose.ko);
    assert!(lesson.prose.en.starts_with("The English text."), "{:?}", lesson.prose.en);
    assert!(!lesson.prose.ko.contains("<!--") && !lesson.prose.en.contains("<!--"));
}

#[test]
fn the_json_form_has_every_default_and_reads_back_the_same() {
    let lesson = parse(GOOD).unwrap();
    let json = serde_json::to_value(&lesson).unwrap();
    assert_eq!(json["solution"]["do"], serde_json::json!([{ "build": true }]));
    assert_eq!(json["starter"]["do"], serde_json::json!([{ "type": "docker pull alpine" }]));
    assert_eq!(json["checks"][1]["kind"], "output");
    assert!(json["checks"][1].get("count").is_none(), "unset fields are left out: {}", json["checks"][1]);
    assert_eq!(json["mode"], "build");
    let back: Lesson = serde_json::from_value(json).unwrap();
    assert_eq!(back, lesson);
}

#[test]
fn every_action_form_reads_and_writes_as_one_key_tables() {
    let text = GOOD.replacen(
        "do = [ { type = \"docker pull alpine\" } ]",
        "do = [ { build = true }, { type = \"docker images\" }, { write = \"src/a.js\", content = \"x\" }, \
         { dockerfile = \"FROM busybox\" }, { tag = \"app:2\" }, { export = true } ]",
        1,
    );
    let lesson = parse(&text).unwrap();
    assert_eq!(
        lesson.starter.actions,
        [
            Action::Build,
            Action::Type("docker images".into()),
            Action::Write { path: "src/a.js".into(), content: "x".into() },
            Action::Dockerfile("FROM busybox".into()),
            Action::Tag("app:2".into()),
            Action::Export,
        ]
    );
    let json = serde_json::to_string(&lesson.starter.actions).unwrap();
    assert_eq!(
        json,
        r#"[{"build":true},{"type":"docker images"},{"write":"src/a.js","content":"x"},{"dockerfile":"FROM busybox"},{"tag":"app:2"},{"export":true}]"#
    );
}

#[test]
fn typed_lines_keep_blank_answers_but_not_the_final_line_break() {
    assert_eq!(Action::typed_lines("docker images\n"), ["docker images"]);
    assert_eq!(Action::typed_lines("apt-get install git\n\nexit\n"), ["apt-get install git", "", "exit"]);
    assert_eq!(Action::typed_lines("a\r\nb"), ["a", "b"]);
}

#[test]
fn toml_syntax_errors_are_placed_in_the_file() {
    fails("order = 3", "order = ", "\nmode", "");
    fails("mode = \"build\"", "mode = \"build", "\ntitle", "");
}

#[test]
fn unknown_keys_are_refused_where_they_are() {
    fails("ideas = [", "colour = \"red\"\nideas = [", "colour", "unknown field `colour`");
    fails("ideas = [", "prose = \"x\"\nideas = [", "prose", "unknown field `prose`");
    fails("ideas = [", "checks = []\nideas = [", "checks", "unknown field `checks`");
    fails("tag = \"hello:1.0\"", "tag = \"hello:1.0\"\nlabel = \"x\"", "label", "unknown field `label`");
    fails("contains = \"<h1>hi</h1>\"", "contains = \"<h1>hi</h1>\"\ncolour = 1", "colour", "unknown field `colour`");
}

#[test]
fn unknown_kinds_and_states_are_refused() {
    fails("kind = \"output\"", "kind = \"colour\"", "\"colour\"", "unknown variant `colour`");
    fails("mode = \"build\"", "mode = \"editor\"", "\"editor\"", "unknown variant `editor`");
}

#[test]
fn missing_languages_are_refused() {
    fails(
        "says = { ko = \"빌드가 성공합니다\", en = \"the build succeeds\" }",
        "says = { ko = \"빌드가 성공합니다\" }",
        "{ ko = \"빌드가",
        "missing field `en`",
    );
    fails(
        "title = { ko = \"첫 이미지\", en = \"A first image\" }",
        "title = { en = \"A first image\" }",
        "{ en = \"A first",
        "missing field `ko`",
    );
    fails("en = \"read the log\"", "en = \" \"", "\" \"", "check[1].hint.en: the en text is empty");
    fails("en = [\"An image is a stack of layers\"]", "en = []", "[]", "teaches.en");
    fails(
        "en = [\"An image is a stack of layers\"]",
        "en = [\"An image\", \"and more\"]",
        "[\"An image\", \"and more\"]",
        "1 Korean lines and 2 English ones",
    );
}

#[test]
fn a_missing_key_is_reported() {
    fails("hint = { ko = \"로그를 보세요\", en = \"read the log\" }\n", "", "[[check]]", "missing field `hint`");
    fails("id = \"hello-image\"\n", "", "order", "missing field `id`");
}

#[test]
fn ids_are_lowercase_kebab_case() {
    fails("id = \"hello-image\"", "id = \"Hello_Image\"", "\"Hello_Image\"", "not lowercase kebab-case");
    fails("id = \"hello-image\"", "id = \"hello--image\"", "\"hello--image\"", "not lowercase kebab-case");
}

#[test]
fn check_fields_must_fit_their_kind() {
    // `layers` needs exactly one of count / min / max.
    fails(
        "kind = \"output\"\nimage = \"hello:1.0\"\ncontains = \"<h1>hi</h1>\"",
        "kind = \"layers\"\nimage = \"hello:1.0\"\ncount = 2\nmin = 1",
        "1\nsays = { ko = \"hello",
        "check[2].min: a `layers` check takes only one of `count`, `min` or `max`",
    );
    fails(
        "kind = \"output\"\nimage = \"hello:1.0\"\ncontains = \"<h1>hi</h1>\"",
        "kind = \"layers\"\nimage = \"hello:1.0\"",
        "[[check]]\nkind = \"layers\"",
        "check[2]: a `layers` check needs one of `count`, `min` or `max`",
    );
    // A field of another kind.
    fails(
        "contains = \"<h1>hi</h1>\"",
        "contains = \"<h1>hi</h1>\"\nstep = 2",
        "2\nsays = { ko = \"hello",
        "`step` is not a field of an `output` check",
    );
    // A required field.
    fails("image = \"hello:1.0\"\n", "", "[[check]]\nkind = \"output\"", "check[2]: an `output` check needs `image`");
    // `build` has no fields.
    fails("kind = \"build\"", "kind = \"build\"\nimage = \"x\"", "\"x\"", "`image` is not a field of a `build` check");
    // A config check asks about one thing, in the right form.
    let config_check = |fields: &str| {
        format!(
            "[[check]]\nkind = \"config\"\nimage = \"a\"\n{fields}\nsays = {{ ko = \"a\", en = \"a\" }}\n\
             hint = {{ ko = \"a\", en = \"a\" }}\n+++\n\n<!-- ko -->"
        )
    };
    fails("+++\n\n<!-- ko -->", &config_check("env = \"PATH\""), "\"PATH\"", "check[3].env: `env` is `KEY=value`");
    fails("+++\n\n<!-- ko -->", &config_check("expose = \"http\""), "\"http\"", "a port like \"80/tcp\"");
    fails(
        "+++\n\n<!-- ko -->",
        &config_check("user = \"app\"\nworkdir = \"/app\""),
        "[[check]]\nkind = \"config\"",
        "check[3]: a `config` check asks about exactly one of",
    );
    // Steps count from 1.
    fails("kind = \"build\"", "kind = \"cached\"\nstep = 0", "0\nsays", "steps are numbered from 1");
}

#[test]
fn actions_have_one_key() {
    fails(
        "do = [ { type = \"docker pull alpine\" } ]",
        "do = [ { type = \"docker pull alpine\", build = true } ]",
        "{ type = \"docker pull alpine\", build",
        "starter.do[1]: an action is a table with one key",
    );
    fails(
        "do = [ { type = \"docker pull alpine\" } ]",
        "do = [ { write = \"a.txt\" } ]",
        "{ write",
        "needs its `content`",
    );
    fails("do = [ { type = \"docker pull alpine\" } ]", "do = [ { build = false } ]", "{ build", "no `false`");
    fails("do = [ { type = \"docker pull alpine\" } ]", "do = [ { run = \"x\" } ]", "run", "unknown field `run`");
    fails(
        "do = [ { type = \"docker pull alpine\" } ]",
        "do = [ { write = \"../a.txt\", content = \"x\" } ]",
        "{ write = \"../a.txt\"",
        "not a relative path",
    );
}

#[test]
fn the_front_matter_and_the_prose_have_their_markers() {
    fails("+++\nid", "id", "id", "starts with a `+++` line");
    fails("}\n+++\n", "}\n", "+++", "no closing `+++` line");
    fails("<!-- en -->\n", "", "<!-- ko -->", "`<!-- en -->` and the English text are missing");
    fails("<!-- ko -->\n한국어 본문.", "한국어 본문.", "한국어 본문.", "starts with a `<!-- ko -->` line");
    fails("<!-- en -->", "<!-- ko -->", "<!-- ko -->\nThe English", "a second `<!-- ko -->`");
    fails(
        "The English text.\n\n```dockerfile try\nFROM alpine\n```\n",
        "\n",
        "<!-- en -->",
        "English text after `<!-- en -->` is empty",
    );
    assert_eq!(parse("").unwrap_err().to_string(), "1:1: the file is empty: a lesson starts with a `+++` line");
}

#[test]
fn line_endings_and_a_byte_order_mark_are_accepted() {
    let crlf = GOOD.replace('\n', "\r\n");
    let lesson = parse(&crlf).unwrap();
    assert_eq!(lesson.id, "hello-image");
    assert!(lesson.prose.en.starts_with("The English text."));
    let bom = format!("\u{feff}{GOOD}");
    assert_eq!(parse(&bom).unwrap(), parse(GOOD).unwrap());
}

#[test]
fn no_input_panics_the_parser() {
    // Every prefix of a good file (cut on character boundaries), and a few odd ones.
    for end in (0..=GOOD.len()).filter(|&i| GOOD.is_char_boundary(i)) {
        let _ = parse(&GOOD[..end]);
    }
    for text in ["+++", "+++\n+++", "+++\n+++\n<!-- en -->\n<!-- ko -->", "\u{feff}", "+++\n\"\n+++\n", "\n\n\n"] {
        assert!(parse(text).is_err(), "{text:?}");
    }
}

#[test]
fn lessons_are_put_in_order_and_duplicates_refused() {
    let lesson = parse(GOOD).unwrap();
    let mut second = lesson.clone();
    second.id = "second".into();
    second.order = 1;
    let ordered = in_order(vec![("a.md".into(), lesson.clone()), ("b.md".into(), second.clone())]).unwrap();
    assert_eq!(ordered.iter().map(|l| l.order).collect::<Vec<_>>(), [1, 3]);
    let mut same_order = second.clone();
    same_order.order = 3;
    let error = in_order(vec![("a.md".into(), lesson.clone()), ("b.md".into(), same_order)]).unwrap_err();
    assert_eq!(error, "a.md and b.md both have order = 3");
    let mut same_id = lesson.clone();
    same_id.order = 9;
    let error = in_order(vec![("a.md".into(), lesson), ("c.md".into(), same_id)]).unwrap_err();
    assert_eq!(error, "a.md and c.md both have id = \"hello-image\"");
}
