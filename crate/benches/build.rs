//! Criterion benchmarks for the build engine (issue 3 targets): the multi-stage example built end to end (under
//! 5 ms), and a build that COPYs a 64 MiB context compared with hashing those bytes once with sha2 (under 1.5×).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use layerlab::build::context::BuildContext;
use layerlab::build::engine::{Build, BuildOptions};
use layerlab::store::ImageStore;
use sha2::{Digest as _, Sha256};
use std::hint::black_box;

const CASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/builds/multistage/context");

fn multistage_context() -> BuildContext {
    let mut context = BuildContext::new();
    for (path, body) in [
        ("Dockerfile", std::fs::read(format!("{CASE}/Dockerfile")).expect("case Dockerfile")),
        ("package.json", std::fs::read(format!("{CASE}/package.json")).expect("case package.json")),
        ("src/index.html", std::fs::read(format!("{CASE}/src/index.html")).expect("case index.html")),
    ] {
        context.add_file(path, body, 0o644).expect("context file");
    }
    context
}

fn run(context: &BuildContext, options: &BuildOptions, store: &mut ImageStore) {
    let mut build = Build::new(context.clone(), options.clone()).expect("build starts");
    build.run_to_end(store);
    assert!(matches!(build.outcome(), Some(Ok(_))), "build failed: {:?}", build.events().last());
}

fn multistage_benchmarks(c: &mut Criterion) {
    let context = multistage_context();
    let options = BuildOptions { no_cache: true, tags: vec!["frontend:latest".into()], ..BuildOptions::default() };
    c.bench_function("build/multistage_warm_bases_no_cache", |b| {
        // Base images already in the store, as after `docker pull`; --no-cache so that every step runs.
        let mut warm = ImageStore::new();
        run(&context, &options, &mut warm);
        b.iter(|| {
            let mut store = warm.clone();
            run(black_box(&context), &options, &mut store);
        })
    });
    c.bench_function("build/multistage_cold_store", |b| {
        b.iter(|| {
            let mut store = ImageStore::new();
            run(black_box(&context), &options, &mut store);
        })
    });
}

fn copy_benchmarks(c: &mut Criterion) {
    // 64 MiB in 64 files of 1 MiB, deterministic pseudo-random bytes (incompressible, like real data).
    let mut big = BuildContext::new();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut all = Vec::with_capacity(64 << 20);
    for n in 0..64 {
        let mut file = Vec::with_capacity(1 << 20);
        while file.len() < 1 << 20 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            file.extend_from_slice(&state.to_le_bytes());
        }
        all.extend_from_slice(&file);
        big.add_file(&format!("data/part{n:02}.bin"), file, 0o644).expect("context file");
    }
    big.add_file("Dockerfile", b"FROM scratch\nCOPY data /data/\n".to_vec(), 0o644).expect("Dockerfile");
    let mut group = c.benchmark_group("copy_64mib");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(all.len() as u64));
    group.bench_function("sha256_once", |b| b.iter(|| Sha256::digest(black_box(&all))));
    let plain = BuildOptions::default();
    group.bench_function("build_copy", |b| {
        b.iter(|| {
            let mut store = ImageStore::new();
            run(black_box(&big), &plain, &mut store);
        })
    });
    group.finish();
}

criterion_group!(benches, multistage_benchmarks, copy_benchmarks);
criterion_main!(benches);
