//! Fuzz target: arbitrary bytes as a Dockerfile, built against a small context with tight limits. The build must
//! finish (success or a failure event) without panicking, and every step must end in bounded time.
#![no_main]

use layerlab::build::context::BuildContext;
use layerlab::build::engine::{Build, BuildOptions};
use layerlab::store::ImageStore;
use layerlab::vfs::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut context = BuildContext::new();
    let _ = context.add_file("package.json", b"{\"name\":\"x\",\"dependencies\":{\"lodash\":\"^4\"}}".to_vec(), 0o644);
    let _ = context.add_file("src/app.js", b"console.log(1)\n".to_vec(), 0o644);
    let _ = context.add_file("data.tar", Vec::new(), 0o644);
    let _ = context.add_file(".dockerignore", b"*.log\n!keep.log\n".to_vec(), 0o644);
    let options = BuildOptions {
        fs_limits: Limits { max_bytes: 64 << 20, max_nodes: 100_000 },
        shell_limits: layerlab::shell::Limits { max_steps: 20_000, ..Default::default() },
        ..BuildOptions::default()
    };
    let Ok(mut build) = Build::with_dockerfile(&text, context, options) else { return };
    let mut store = ImageStore::new();
    let mut steps = 0;
    while !build.is_finished() && steps < 200 {
        build.step(&mut store);
        steps += 1;
    }
    assert!(build.is_finished(), "a build did not finish after 200 steps");
    while build.back(&mut store) {}
});
