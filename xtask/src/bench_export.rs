//! `cargo xtask bench-export [--mib N]`: the export benchmark of issue 4. Times `layerlab build --export` of an N MiB
//! context against `sha256sum` of the same files and against `docker build` + `docker save` on a private engine,
//! measures the CLI's peak memory, checks that `docker load` accepts the tarball, and fails when a target is missed.
//!
//! Peak memory is the child's `VmHWM` (the kernel's high-water mark of its resident set), read from
//! `/proc/<pid>/status` every millisecond while it runs: xtask stays plain std without `unsafe`, so it cannot call
//! `getrusage`. The mark only grows, so the last reading before the process exits is its peak up to then. Growth in
//! its final millisecond could be missed; the CLI holds the context and its layers until it exits, so its memory
//! peaks well before that.

use crate::command;
use crate::docker::DockerEngine;
use crate::error::{Context, Error, Result};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The context size the issue names.
pub const DEFAULT_MIB: u64 = 256;
/// Timed runs of each tool, after one warm-up run of each; the best is reported.
const RUNS: usize = 3;
const TAG: &str = "bench:latest";
/// The Dockerfile copies the whole context, itself included, for both tools alike.
const DOCKERFILE: &str = "FROM scratch\nCOPY . /data/\n";
/// Half the bytes go to a few large files, half to many small ones of very different sizes.
const LARGE_FILES: u64 = 4;
const SMALL_FILES: u64 = 400;
const SMALL_DIRS: u64 = 20;
const MIB: u64 = 1024 * 1024;

/// The targets of issue 4.
const MAX_RATIO_TO_SHA256SUM: f64 = 1.5;
const MIN_SPEEDUP_OVER_DOCKER: f64 = 3.0;
const RSS_LAYER_FACTOR: f64 = 1.3;
const RSS_ALLOWANCE: u64 = 64 * MIB;

pub fn run(mib: u64) -> Result<()> {
    let layerlab = build_cli()?;
    let work = WorkDir::create()?;
    let context = work.0.join("context");
    let files = write_context(&context, mib.saturating_mul(MIB))?;
    let layerlab_tar = work.0.join("layerlab.tar");
    let docker_tar = work.0.join("docker.tar");
    let engine = DockerEngine::start()?;
    let host = engine.host();

    let mut sha256sum = command::program("sha256sum");
    sha256sum.current_dir(&context).args(files.iter().map(|(path, _)| path));
    let mut export = Command::new(&layerlab);
    export.args(["build", "-t", TAG, "--export"]).arg(&layerlab_tar).arg(&context);
    let mut docker_build = command::program("docker");
    docker_build.env("DOCKER_BUILDKIT", "0").args(["--host", &host, "build", "-t", TAG]).arg(&context);
    let mut docker_save = command::program("docker");
    docker_save.args(["--host", &host, "save", "-o"]).arg(&docker_tar).arg(TAG);
    let mut docker_rmi = command::program("docker");
    docker_rmi.args(["--host", &host, "rmi", "-f", TAG]);
    eprintln!("timing, one warm-up and {RUNS} runs each, interleaved:");
    eprintln!("  $ sha256sum <the {} files of the context>", files.len());
    for shown in [&export, &docker_build, &docker_save] {
        eprintln!("  $ {}", command::display(shown));
    }
    eprintln!("  (untimed between docker runs, so each builds from nothing: $ {})", command::display(&docker_rmi));

    let (mut best_sha, mut best_layerlab, mut best_docker) = (Duration::MAX, Duration::MAX, Duration::MAX);
    let mut peak_rss = 0u64;
    for run in 0..=RUNS {
        let sha = time_quiet(&mut sha256sum)?;
        let (layerlab_time, rss) = time_with_peak_rss(&mut export)?;
        quiet(&mut docker_rmi)?;
        let docker = time_quiet(&mut docker_build)?.saturating_add(time_quiet(&mut docker_save)?);
        let label = if run == 0 { "warm-up".to_string() } else { format!("run {run}") };
        eprintln!(
            "  {label:8} sha256sum {}  layerlab {} (peak RSS {})  docker {}",
            seconds(sha),
            seconds(layerlab_time),
            mebibytes(rss),
            seconds(docker)
        );
        if run > 0 {
            best_sha = best_sha.min(sha);
            best_layerlab = best_layerlab.min(layerlab_time);
            best_docker = best_docker.min(docker);
            peak_rss = peak_rss.max(rss);
        }
    }

    let mut tarball = std::fs::File::open(&layerlab_tar).context(|| layerlab_tar.display().to_string())?;
    let largest_layer =
        largest_blob(&mut tarball).map_err(|e| Error::new(format!("{}: {e}", layerlab_tar.display())))?;
    quiet(&mut docker_rmi)?;
    let load = quiet(command::program("docker").args(["--host", &host, "load", "-i"]).arg(&layerlab_tar))
        .and_then(|()| quiet(command::program("docker").args(["--host", &host, "image", "inspect", TAG])));
    drop(engine);

    let bytes: u64 = files.iter().map(|(_, size)| size).sum();
    let report = Report {
        mib,
        files: files.len(),
        bytes,
        sha256sum: best_sha,
        layerlab: best_layerlab,
        docker: best_docker,
        peak_rss,
        largest_layer,
        load: load.map_err(|error| error.to_string()),
    };
    println!("{}", report.table());
    let missed = report.missed();
    if missed.is_empty() {
        Ok(())
    } else {
        Err(Error::new(format!("export benchmark: missed {}", missed.join("; "))))
    }
}

/// Builds the release CLI and returns the path of the `layerlab` binary, as cargo reports it.
fn build_cli() -> Result<PathBuf> {
    let mut cargo = command::cargo();
    cargo.args(["build", "--release", "-p", "layerlab-cli", "--message-format=json-render-diagnostics"]);
    let line = command::display(&cargo);
    eprintln!("$ {line}");
    let output = cargo.stderr(Stdio::inherit()).output().context(|| format!("could not start `{line}`"))?;
    if !output.status.success() {
        return Err(Error::new(format!("`{line}` failed ({})", output.status)));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|message| executable_of(message, "layerlab"))
        .next_back()
        .ok_or_else(|| Error::new(format!("`{line}` named no `layerlab` executable")))
}

/// The `executable` of a cargo `compiler-artifact` message for the binary target `name`.
fn executable_of(message: &str, name: &str) -> Option<PathBuf> {
    let is_it = message.contains(r#""reason":"compiler-artifact""#)
        && message.contains(r#""kind":["bin"]"#)
        && message.contains(&format!(r#""name":"{name}","#));
    if !is_it {
        return None;
    }
    let start = message.find(r#""executable":""#)? + r#""executable":""#.len();
    let mut path = String::new();
    let mut chars = message[start..].chars();
    loop {
        match chars.next()? {
            '"' => return Some(PathBuf::from(path)),
            '\\' => path.push(chars.next()?),
            c => path.push(c),
        }
    }
}

/// A temporary directory, removed when dropped.
struct WorkDir(PathBuf);

impl WorkDir {
    fn create() -> Result<WorkDir> {
        let dir = std::env::temp_dir().join(format!("layerlab-bench-export-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).context(|| dir.display().to_string())?;
        Ok(WorkDir(dir))
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The files of a context of `total` bytes besides its Dockerfile (relative paths and sizes, summing to `total`):
/// half in [`LARGE_FILES`] equal files, half in [`SMALL_FILES`] files over [`SMALL_DIRS`] directories whose sizes
/// spread over three orders of magnitude.
fn plan_files(total: u64) -> Vec<(String, u64)> {
    let mut files = Vec::new();
    let large_total = total / 2;
    for i in 0..LARGE_FILES {
        let size = if i + 1 == LARGE_FILES {
            large_total - large_total / LARGE_FILES * (LARGE_FILES - 1)
        } else {
            large_total / LARGE_FILES
        };
        files.push((format!("large/blob-{i}.bin"), size));
    }
    let small_total = total - large_total;
    let mut random = SplitMix64(0x6c61_7965_726c_6162);
    let weights: Vec<u64> = (0..SMALL_FILES)
        .map(|_| {
            let r = random.next_u64();
            (1024 + (r >> 8) % 1024) << (r % 12)
        })
        .collect();
    let weight_sum: u64 = weights.iter().sum();
    let mut assigned = 0;
    for (i, weight) in (0u64..).zip(&weights) {
        let size = if i + 1 == SMALL_FILES {
            small_total - assigned
        } else {
            (u128::from(small_total) * u128::from(*weight) / u128::from(weight_sum)) as u64
        };
        assigned += size;
        files.push((format!("src/dir-{:02}/file-{i:03}.dat", i % SMALL_DIRS), size));
    }
    files
}

/// Writes the Dockerfile and `total` bytes of deterministic pseudo-random (incompressible) data under `context`;
/// returns every file, the Dockerfile first, with its size.
fn write_context(context: &Path, total: u64) -> Result<Vec<(String, u64)>> {
    let planned = plan_files(total);
    eprintln!(
        "writing a {} MiB context: {} large files, {} small ones in {} directories, and the Dockerfile ({})",
        total / MIB,
        LARGE_FILES,
        SMALL_FILES,
        SMALL_DIRS,
        context.display()
    );
    let mut files = vec![("Dockerfile".to_string(), DOCKERFILE.len() as u64)];
    std::fs::create_dir_all(context).context(|| context.display().to_string())?;
    std::fs::write(context.join("Dockerfile"), DOCKERFILE).context(|| context.display().to_string())?;
    let mut chunk = vec![0u8; MIB as usize];
    for (seed, (path, size)) in (1u64..).zip(planned) {
        let full = context.join(&path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).context(|| dir.display().to_string())?;
        }
        let file = std::fs::File::create(&full).context(|| full.display().to_string())?;
        let mut out = BufWriter::new(file);
        let mut random = SplitMix64(seed);
        let mut left = size;
        while left > 0 {
            let n = left.min(MIB) as usize;
            let part = &mut chunk[..n];
            for word in part.chunks_mut(8) {
                word.copy_from_slice(&random.next_u64().to_le_bytes()[..word.len()]);
            }
            out.write_all(part).context(|| full.display().to_string())?;
            left -= n as u64;
        }
        out.flush().context(|| full.display().to_string())?;
        files.push((path, size));
    }
    Ok(files)
}

/// Steele, Lea and Flood's SplitMix64: a fast, well-mixed and reproducible stream (no randomness from the system).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Runs `command` with no output; its stderr becomes part of the error when it fails.
fn quiet(command: &mut Command) -> Result<()> {
    let line = command::display(command);
    let output = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .context(|| format!("could not start `{line}`"))?;
    succeeded(&line, output.status, &output.stderr)
}

fn succeeded(line: &str, status: std::process::ExitStatus, stderr: &[u8]) -> Result<()> {
    if status.success() {
        Ok(())
    } else {
        Err(Error::new(format!("`{line}` failed ({status}): {}", String::from_utf8_lossy(stderr).trim())))
    }
}

/// The wall time of a quiet run.
fn time_quiet(command: &mut Command) -> Result<Duration> {
    let start = Instant::now();
    quiet(command)?;
    Ok(start.elapsed())
}

/// The wall time of a quiet run and its peak resident set in bytes (see the module comment).
fn time_with_peak_rss(command: &mut Command) -> Result<(Duration, u64)> {
    let line = command::display(command);
    let start = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context(|| format!("could not start `{line}`"))?;
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (done, status_file) = (done.clone(), format!("/proc/{}/status", child.id()));
        std::thread::spawn(move || {
            let mut peak_kib = 0;
            while !done.load(Ordering::Relaxed) {
                // A zombie's status has no VmHWM: the process has exited and its mark can no longer grow.
                match std::fs::read_to_string(&status_file).ok().as_deref().and_then(vm_hwm_kib) {
                    Some(kib) => peak_kib = peak_kib.max(kib),
                    None => break,
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            peak_kib
        })
    };
    let output = child.wait_with_output().context(|| format!("could not wait for `{line}`"));
    let elapsed = start.elapsed();
    done.store(true, Ordering::Relaxed);
    let peak_kib = watcher.join().unwrap_or(0);
    let output = output?;
    succeeded(&line, output.status, &output.stderr)?;
    if peak_kib == 0 {
        return Err(Error::new(format!("could not read the peak memory of `{line}` from /proc")));
    }
    Ok((elapsed, peak_kib * 1024))
}

/// `VmHWM:   309848 kB` → 309848.
fn vm_hwm_kib(status: &str) -> Option<u64> {
    let value = status.lines().find_map(|line| line.strip_prefix("VmHWM:"))?;
    value.trim().strip_suffix("kB")?.trim().parse().ok()
}

/// The size of the largest `blobs/sha256/…` entry of an image tarball: its largest layer (configs and manifests
/// are small). Reads the ustar headers only, seeking over the contents.
fn largest_blob(tarball: &mut (impl Read + Seek)) -> std::result::Result<u64, String> {
    const BLOCK: u64 = 512;
    let mut largest = None;
    let mut header = [0u8; BLOCK as usize];
    loop {
        match tarball.read_exact(&mut header) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(error) => return Err(error.to_string()),
        }
        if header.iter().all(|&b| b == 0) {
            break;
        }
        let field = |range: std::ops::Range<usize>| {
            let bytes = &header[range];
            let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
            String::from_utf8_lossy(&bytes[..end]).into_owned()
        };
        let name = field(0..100);
        let size_text = field(124..136);
        let size = u64::from_str_radix(size_text.trim(), 8)
            .map_err(|_| format!("entry {name:?}: size field {size_text:?} is not octal"))?;
        if name.starts_with("blobs/sha256/") && name.len() > "blobs/sha256/".len() {
            largest = largest.max(Some(size));
        }
        let padded = i64::try_from(size.div_ceil(BLOCK) * BLOCK).map_err(|_| format!("entry {name:?} is too large"))?;
        tarball.seek(SeekFrom::Current(padded)).map_err(|e| e.to_string())?;
    }
    largest.ok_or_else(|| "no blobs/sha256/ entry".to_string())
}

/// What the benchmark measured (best runs) and the verdicts.
struct Report {
    mib: u64,
    files: usize,
    bytes: u64,
    sha256sum: Duration,
    layerlab: Duration,
    docker: Duration,
    peak_rss: u64,
    largest_layer: u64,
    load: std::result::Result<(), String>,
}

impl Report {
    fn ratio_to_sha256sum(&self) -> f64 {
        self.layerlab.as_secs_f64() / self.sha256sum.as_secs_f64()
    }

    fn speedup_over_docker(&self) -> f64 {
        self.docker.as_secs_f64() / self.layerlab.as_secs_f64()
    }

    fn rss_limit(&self) -> u64 {
        (self.largest_layer as f64 * RSS_LAYER_FACTOR) as u64 + RSS_ALLOWANCE
    }

    /// The targets missed, each said in a few words.
    fn missed(&self) -> Vec<String> {
        let mut missed = Vec::new();
        if self.ratio_to_sha256sum() > MAX_RATIO_TO_SHA256SUM {
            missed.push(format!("{:.2}× sha256sum (target ≤ {MAX_RATIO_TO_SHA256SUM}×)", self.ratio_to_sha256sum()));
        }
        if self.speedup_over_docker() < MIN_SPEEDUP_OVER_DOCKER {
            missed.push(format!(
                "{:.1}× faster than docker (target ≥ {MIN_SPEEDUP_OVER_DOCKER}×)",
                self.speedup_over_docker()
            ));
        }
        if self.peak_rss > self.rss_limit() {
            missed.push(format!("peak RSS {} (limit {})", mebibytes(self.peak_rss), mebibytes(self.rss_limit())));
        }
        if let Err(error) = &self.load {
            missed.push(format!("docker load: {error}"));
        }
        missed
    }

    fn table(&self) -> String {
        let verdict = |holds: bool| if holds { "holds" } else { "MISSED" };
        let rows = [
            ["measure", "figure", "ratio", "target", "verdict"].map(String::from),
            [
                "sha256sum of the context's files".into(),
                seconds(self.sha256sum),
                String::new(),
                String::new(),
                String::new(),
            ],
            [
                "layerlab build --export".into(),
                seconds(self.layerlab),
                format!("{:.2}× sha256sum", self.ratio_to_sha256sum()),
                format!("≤ {MAX_RATIO_TO_SHA256SUM}×"),
                verdict(self.ratio_to_sha256sum() <= MAX_RATIO_TO_SHA256SUM).into(),
            ],
            [
                "docker build + docker save".into(),
                seconds(self.docker),
                format!("{:.1}× layerlab", self.speedup_over_docker()),
                format!("≥ {MIN_SPEEDUP_OVER_DOCKER}×"),
                verdict(self.speedup_over_docker() >= MIN_SPEEDUP_OVER_DOCKER).into(),
            ],
            [
                "layerlab peak RSS".into(),
                mebibytes(self.peak_rss),
                format!("largest layer {}", mebibytes(self.largest_layer)),
                format!("≤ {}", mebibytes(self.rss_limit())),
                verdict(self.peak_rss <= self.rss_limit()).into(),
            ],
            [
                "docker load -i (layerlab's tarball)".into(),
                match &self.load {
                    Ok(()) => "loaded".into(),
                    Err(_) => "failed".into(),
                },
                String::new(),
                "loads".into(),
                verdict(self.load.is_ok()).into(),
            ],
        ];
        let widths: Vec<usize> =
            (0..5).map(|column| rows.iter().map(|row| row[column].chars().count()).max().unwrap_or(0)).collect();
        let mut table = format!(
            "export benchmark: {} MiB context ({} files, {} bytes), best of {RUNS} runs after a warm-up\n",
            self.mib, self.files, self.bytes
        );
        for row in &rows {
            let cells: Vec<String> =
                row.iter().zip(&widths).map(|(cell, width)| format!("{cell:width$}", width = *width)).collect();
            table.push_str(cells.join("  ").trim_end());
            table.push('\n');
        }
        table
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

fn mebibytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / MIB as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_add_up_to_the_size_and_spread() {
        for total in [0, 1, 1000, MIB, 256 * MIB] {
            let files = plan_files(total);
            assert_eq!(files.len() as u64, LARGE_FILES + SMALL_FILES);
            assert_eq!(files.iter().map(|(_, size)| size).sum::<u64>(), total, "{total}");
        }
        let files = plan_files(256 * MIB);
        let small: Vec<u64> = files.iter().filter(|(path, _)| path.starts_with("src/")).map(|f| f.1).collect();
        let (min, max) = (small.iter().min().unwrap(), small.iter().max().unwrap());
        assert!(max / min.max(&1) >= 500, "sizes {min}..{max}");
        assert_eq!(plan_files(256 * MIB), files, "deterministic");
    }

    #[test]
    fn reads_the_high_water_mark() {
        let status = "Name:\tlayerlab\nVmPeak:\t  400000 kB\nVmHWM:\t  309848 kB\nVmRSS:\t 300000 kB\n";
        assert_eq!(vm_hwm_kib(status), Some(309848));
        assert_eq!(vm_hwm_kib("Name:\tzombie\nState:\tZ (zombie)\n"), None);
    }

    #[test]
    fn finds_the_binary_in_cargo_messages() {
        let bin = r#"{"reason":"compiler-artifact","target":{"kind":["bin"],"crate_types":["bin"],"name":"layerlab","src_path":"/r/cli/src/main.rs"},"executable":"/t/release/layer\"lab","fresh":true}"#;
        assert_eq!(executable_of(bin, "layerlab"), Some(PathBuf::from("/t/release/layer\"lab")));
        let lib = r#"{"reason":"compiler-artifact","target":{"kind":["lib"],"name":"layerlab","src_path":"x"},"executable":null}"#;
        assert_eq!(executable_of(lib, "layerlab"), None);
        assert_eq!(executable_of(r#"{"reason":"build-finished","success":true}"#, "layerlab"), None);
    }

    #[test]
    fn finds_the_largest_blob_of_a_tarball() {
        fn entry(tar: &mut Vec<u8>, name: &str, size: usize) {
            let mut header = [0u8; 512];
            header[..name.len()].copy_from_slice(name.as_bytes());
            let size_field = format!("{size:011o}\0");
            header[124..136].copy_from_slice(size_field.as_bytes());
            tar.extend_from_slice(&header);
            tar.resize(tar.len() + size.div_ceil(512) * 512, 7);
        }
        let mut tar = Vec::new();
        entry(&mut tar, "blobs/sha256/", 0);
        entry(&mut tar, "blobs/sha256/aaaa", 700);
        entry(&mut tar, "blobs/sha256/bbbb", 5000);
        entry(&mut tar, "manifest.json", 9000);
        tar.resize(tar.len() + 1024, 0);
        assert_eq!(largest_blob(&mut std::io::Cursor::new(tar)), Ok(5000));
        assert!(largest_blob(&mut std::io::Cursor::new([0; 1024])).is_err());
        assert!(largest_blob(&mut std::io::Cursor::new([])).is_err());
    }
}
