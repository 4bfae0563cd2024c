//! minibox: a small static multi-call binary for exported images — `sh` and busybox-style applets, run by layerlab's
//! own shell interpreter over the real OS. Everything is in [`dispatch`]; this only connects it to the process.

mod dispatch;
mod real_system;

fn main() {
    let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    std::process::exit(dispatch::run(&args));
}
