//! The `layerlab` binary: hands the process arguments and streams to the CLI library and exits with its code.

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let code = layerlab_cli::run(args, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    std::process::exit(code);
}
