//! The layerlab command line: argument parsing and output formatting over the core. The only IO it does is reading
//! the files named on the command line and writing to the streams it is given, so tests can run it in-process.

use std::ffi::OsString;
use std::io::Write;

/// Runs the CLI with `args` (including the program name) and returns the process exit code.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let _ = (args, out);
    let _ = writeln!(err, "layerlab: not yet");
    1
}
