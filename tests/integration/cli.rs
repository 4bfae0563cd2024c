//! The CLI as a newcomer meets it: help, bad arguments, missing files, formats and exit codes.

use layerlab_tests::run_cli;

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlab-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn help_and_bad_arguments() {
    let (code, out, _) = run_cli(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("parse") && out.contains("expand"), "{out}");
    let (code, _, err) = run_cli(&["parse", "--format", "yaml", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("yaml"), "{err}");
    let (code, _, err) = run_cli(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("frobnicate"), "{err}");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let (code, out, err) = run_cli(&["parse", "/nonexistent/Dockerfile"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.starts_with("layerlab: /nonexistent/Dockerfile: "), "{err}");
}

#[test]
fn a_good_file_passes_in_every_format() {
    let path = temp_file("good.Dockerfile", b"FROM alpine\nCMD [\"echo\", \"Hello\"]\n");
    let path = path.to_str().unwrap();
    let (code, out, err) = run_cli(&["parse", path]);
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with("2 instructions, 1 stage, 0 errors, 0 warnings\n"), "{out}");
    let (code, out, _) = run_cli(&["parse", "--format", "buildkit", path]);
    assert_eq!((code, out.as_str()), (0, "(from \"alpine\")\n(cmd \"echo\" \"Hello\")\n"));
    let (code, out, _) = run_cli(&["parse", "--format", "json", path]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let cmd = &json["instructions"][1];
    assert_eq!(cmd["command"]["instruction"], "CMD");
    assert_eq!(cmd["command"]["command"]["form"], "exec");
    assert_eq!(cmd["command"]["command"]["value"][1]["text"], "Hello");
    // "Hello" with its quotes starts at byte 25 of the file.
    assert_eq!(cmd["command"]["command"]["value"][1]["span"]["start"], 25);
    assert_eq!(json["stages"][0]["from"], 0);
}

#[test]
fn json_diagnostics_carry_utf16_columns() {
    let path = temp_file("korean.Dockerfile", "FROM alpine\nLABEL 이름=\"값\" 😀bad\n".as_bytes());
    let (code, out, _) = run_cli(&["parse", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["code"], "missing-equals");
    assert_eq!(diagnostic["start"]["line"], 2);
    // `LABEL 이름="값" ` is 13 characters, 13 UTF-16 units; the emoji that follows is 2 units wide.
    assert_eq!(diagnostic["start"]["column"], 14);
    assert_eq!(diagnostic["start"]["column_utf16"], 13);
    assert_eq!(diagnostic["end"]["column_utf16"], 18);
}

#[test]
fn non_utf8_input_is_reported_at_the_bad_byte() {
    let path = temp_file("latin1.Dockerfile", b"FROM alpine\nLABEL caf\xe9=1\n");
    let (code, out, _) = run_cli(&["parse", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains(":2:10: error[invalid-utf8]"), "{out}");
}

#[test]
fn expand_prints_values_words_and_errors() {
    let (code, out, _) = run_cli(&["expand", "--env", "A=x y", "--", "${A:-z}/$B"]);
    assert_eq!((code, out.as_str()), (0, "x y/\n"));
    let (code, out, _) = run_cli(&["expand", "--words", "--env", "A=x y", "--", "$A \"q r\""]);
    assert_eq!((code, out.as_str()), (0, "x\ny\nq r\n"));
    let (code, out, err) = run_cli(&["expand", "--", "${A:?must be set}"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("must be set"), "{err}");
    let (code, out, _) = run_cli(&["expand", "--escape", "`", "--", "a`$b"]);
    assert_eq!((code, out.as_str()), (0, "a$b\n"));
}
