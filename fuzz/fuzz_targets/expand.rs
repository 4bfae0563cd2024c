//! Fuzz target: any word through the expander in every mode. It must never panic, and an error's offset must
//! point into the word.
#![no_main]

use layerlab::dockerfile::expand::Lexer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let word = String::from_utf8_lossy(rest);
    let mut lexer = Lexer::new(if mode & 1 == 0 { '\\' } else { '`' });
    lexer.raw_quotes = mode & 2 != 0;
    lexer.raw_escapes = mode & 4 != 0;
    lexer.skip_unset_env = mode & 8 != 0;
    lexer.skip_process_quotes = mode & 16 != 0;
    let env = ["PWD=/home", "EMPTY=", "A=a b  c", "GLOB=*?[a-z]", "KOREAN=한국어"];
    match lexer.expand_word(&word, &env) {
        Ok(_) => {}
        Err(e) => assert!(e.offset <= word.len(), "{e:?}"),
    }
    let _ = lexer.expand_words(&word, &env);
});
