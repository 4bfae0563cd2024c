//! Test helpers: a small image-like tree (busybox with applet links, /etc/passwd) and a one-call runner.

use super::{Outcome, Shell, ShellConfig, VfsSystem};
use crate::vfs::{Fs, Meta};

/// A tree like a tiny Alpine: /bin/busybox with links for every applet, /etc/passwd and /etc/group, /tmp, /root.
pub fn image() -> Fs {
    let mut fs = Fs::new();
    for dir in [
        "/bin",
        "/sbin",
        "/usr",
        "/usr/bin",
        "/usr/sbin",
        "/usr/local",
        "/usr/local/bin",
        "/etc",
        "/root",
        "/home",
        "/var",
        "/var/cache",
        "/lib",
    ] {
        fs.mkdir(dir, Meta::DIR).unwrap();
    }
    fs.mkdir("/tmp", Meta::root(0o1777)).unwrap();
    fs.mkdir("/root/.cache", Meta::DIR).unwrap();
    fs.write("/bin/busybox", b"#!/layerlab/applet busybox\n".to_vec(), Meta::EXECUTABLE).unwrap();
    for applet in super::APPLETS {
        if *applet == "[[" {
            continue;
        }
        let link = format!("/bin/{applet}");
        fs.symlink("busybox", &link, Meta::SYMLINK).unwrap();
    }
    fs.write(
        "/etc/passwd",
        b"root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n".to_vec(),
        Meta::FILE,
    )
    .unwrap();
    fs.write(
        "/etc/group",
        b"root:x:0:root\nbin:x:1:root,bin\nwheel:x:10:root\nnogroup:x:65533:\nnobody:x:65534:\n".to_vec(),
        Meta::FILE,
    )
    .unwrap();
    fs.write("/etc/shadow", b"root:*:19000:0:::::\n".to_vec(), Meta::root(0o640)).unwrap();
    fs
}

/// Runs `script` as root in `/` with HOME=/root over `fs`.
pub fn run_in(fs: &mut Fs, script: &str) -> Outcome {
    let mut config = ShellConfig::default();
    config.env.insert("HOME".into(), "/root".into());
    let mut shell = Shell::new(config);
    let mut sys = VfsSystem::new(fs);
    sys.now = 1_700_000_000;
    shell.run_script(&mut sys, script)
}

/// Runs `script` over a fresh [`image`].
pub fn run(script: &str) -> Outcome {
    let mut fs = image();
    run_in(&mut fs, script)
}

/// The file tree of a catalog image (`alpine`, `ubuntu:22.04`, `node:20` …), its layers applied in order, and
/// its default environment (`PATH`, `HOME` …) as a shell config.
pub fn catalog(reference: &str) -> (Fs, ShellConfig) {
    use crate::images::{lookup, Arch, FileSpec};
    let image = lookup(reference, Arch::Amd64).unwrap_or_else(|| panic!("no catalog image {reference}"));
    let mut fs = Fs::new();
    for layer in &image.layers {
        for spec in &layer.files {
            match spec {
                FileSpec::Dir { path, mode, uid, gid } => {
                    if fs.lstat(path).is_ok() {
                        fs.set_meta(path, |m| *m = Meta::new(*mode, *uid, *gid)).unwrap();
                    } else {
                        fs.mkdir_all(path, Meta::new(*mode, *uid, *gid)).unwrap();
                    }
                }
                FileSpec::File { path, mode, uid, gid, content } => {
                    let _ = fs.remove(path, true);
                    fs.write(path, content.clone(), Meta::new(*mode, *uid, *gid)).unwrap();
                }
                FileSpec::Symlink { path, target } => {
                    let _ = fs.remove(path, true);
                    fs.symlink(target, path, Meta::SYMLINK).unwrap();
                }
            }
        }
    }
    let mut config = ShellConfig { argv0: "/bin/sh".to_string(), ..ShellConfig::default() };
    config.env.clear();
    for entry in &image.defaults.env {
        if let Some((key, value)) = entry.split_once('=') {
            config.env.insert(key.to_string(), value.to_string());
        }
    }
    config.env.entry("HOME".to_string()).or_insert_with(|| "/root".to_string());
    if !image.defaults.working_dir.is_empty() {
        config.cwd = image.defaults.working_dir.clone();
    }
    (fs, config)
}

/// Runs `script` in a catalog image's tree as root, like `RUN script` (`/bin/sh -c`).
pub fn run_catalog(fs: &mut Fs, config: &ShellConfig, script: &str) -> Outcome {
    let mut shell = Shell::new(config.clone());
    let mut sys = VfsSystem::new(fs);
    sys.now = 1_700_000_000;
    let argv = ["/bin/sh".to_string(), "-c".to_string(), script.to_string()];
    shell.run_argv(&mut sys, &argv)
}
