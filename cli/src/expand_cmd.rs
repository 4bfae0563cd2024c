//! `layerlab expand`: shows what BuildKit's word expansion makes of one word, given an environment.

use clap::Args;
use layerlab::dockerfile::expand::Lexer;
use std::collections::BTreeMap;
use std::io::{self, Write};

#[derive(Args)]
#[command(about = "Expand one word the way a Dockerfile instruction would ($VAR, ${VAR:-default}, quotes, escapes)")]
pub struct ExpandArgs {
    /// A variable for the expansion, `KEY=VALUE` (repeatable); `KEY` alone sets it to the empty string.
    #[arg(long = "env", value_name = "KEY=VALUE")]
    env: Vec<String>,
    /// Split the result into words as FROM, COPY, EXPOSE … do, and print one per line.
    #[arg(long)]
    words: bool,
    /// The escape character, as `# escape=` sets it.
    #[arg(long, default_value_t = '\\', value_parser = parse_escape)]
    escape: char,
    /// The word to expand (put it after `--` so that words starting with `-` are not read as options).
    word: String,
}

fn parse_escape(text: &str) -> Result<char, String> {
    match text {
        "\\" => Ok('\\'),
        "`" => Ok('`'),
        other => Err(format!("the escape character must be \\ or `, not {other:?}")),
    }
}

pub fn run(args: &ExpandArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    let env: BTreeMap<String, String> = args
        .env
        .iter()
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.clone(), String::new()),
        })
        .collect();
    let lexer = Lexer::new(args.escape);
    let result = if args.words {
        lexer.expand_words(&args.word, &env)
    } else {
        lexer.expand_word(&args.word, &env).map(|e| vec![e.value])
    };
    match result {
        Ok(words) => {
            for word in words {
                writeln!(out, "{word}")?;
            }
            Ok(0)
        }
        Err(e) => {
            let before = args.word.get(..e.offset).unwrap_or(&args.word);
            let column = before.chars().count() + 1;
            writeln!(err, "layerlab: cannot expand {:?}: {} (at column {column})", args.word, e.message)?;
            writeln!(err, "  {}", args.word)?;
            writeln!(err, "  {}^", " ".repeat(column - 1))?;
            Ok(1)
        }
    }
}
