//! `layerlab parse`: reads a Dockerfile and prints BuildKit's parse-tree dump, the typed instructions as JSON, or
//! compiler-style diagnostics.

use clap::{Args, ValueEnum};
use layerlab::diagnostics::{locate, render_text, Diagnostic, Span};
use layerlab::dockerfile;
use std::io::{self, Read, Write};
use std::path::PathBuf;

#[derive(Args)]
#[command(about = "Parse a Dockerfile and show its instructions or what is wrong with it")]
pub struct ParseArgs {
    /// What to print: `text` (diagnostics like a compiler, the default), `buildkit` (BuildKit's parse-tree dump,
    /// as in its parser tests) or `json` (typed instructions with spans and diagnostics).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The Dockerfile to read (`-` for standard input).
    file: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Buildkit,
    Json,
}

/// Reads the file; a file that is not UTF-8 is read with replacement characters and gets a diagnostic pointing at
/// the first bad byte, so nothing the user wrote is silently dropped.
fn read_source(path: &PathBuf) -> io::Result<(String, Option<Diagnostic>)> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(path)?;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let diagnostic = Diagnostic::error(
                "invalid-utf8",
                Span::new(valid_up_to, valid_up_to + 1),
                "the file is not valid UTF-8 here; save it as UTF-8 (bad bytes are shown as \u{FFFD})",
            );
            Ok((text, Some(diagnostic)))
        }
    }
}

pub fn run(args: &ParseArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    let (text, encoding_problem) =
        read_source(&args.file).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", args.file.display())))?;
    let mut parsed = dockerfile::parse(&text);
    if let Some(problem) = encoding_problem {
        parsed.diagnostics.insert(0, problem);
        parsed.parser_refuses = true;
    }
    let name = args.file.display().to_string();
    let errors = parsed.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = parsed.diagnostics.len() - errors;
    match args.format {
        Format::Buildkit => {
            out.write_all(dockerfile::buildkit_dump(&parsed).as_bytes())?;
            err.write_all(render_text(&name, &text, &parsed.diagnostics).as_bytes())?;
            // This format answers "what does BuildKit's parser make of it": only the parser's own refusals fail.
            if parsed.parser_refuses {
                writeln!(err, "layerlab: BuildKit's parser refuses {name}")?;
                return Ok(1);
            }
            if errors > 0 {
                writeln!(err, "note: BuildKit's parser accepts {name}, but a build would stop at the errors above")?;
            }
            Ok(0)
        }
        Format::Json => {
            let report = serde_json::json!({
                "file": name,
                "directives": parsed.directives,
                "stages": parsed.stages,
                "meta_args": parsed.meta_args,
                "instructions": parsed.instructions,
                "diagnostics": locate(&text, &parsed.diagnostics),
            });
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
            finish(err, &name, errors)
        }
        Format::Text => {
            out.write_all(render_text(&name, &text, &parsed.diagnostics).as_bytes())?;
            let stages = parsed.stages.len();
            writeln!(
                out,
                "{name}: {} instruction{}, {stages} stage{}, {errors} error{}, {warnings} warning{}",
                parsed.instructions.len(),
                plural(parsed.instructions.len()),
                plural(stages),
                plural(errors),
                plural(warnings),
            )?;
            finish(err, &name, errors)
        }
    }
}

fn finish(err: &mut dyn Write, name: &str, errors: usize) -> io::Result<i32> {
    if errors > 0 {
        writeln!(err, "layerlab: {name} has {errors} error{}: docker build would refuse it", plural(errors))?;
        return Ok(1);
    }
    Ok(0)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
