//! A private Docker engine for the tests: Debian's `dockerd` on a fresh data root in a temporary directory, with
//! its own socket, no networking (`--bridge=none`, no iptables) and the `vfs` storage driver, so that it runs on
//! this kind of machine and never reuses layers from an earlier run (which could hide a corrupt tarball).

use crate::command;
use crate::error::{Error, Result};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running engine; stopped and its directory removed when dropped.
pub struct DockerEngine {
    child: Child,
    dir: PathBuf,
}

impl DockerEngine {
    /// Starts dockerd and waits until it answers (at most 60 s).
    pub fn start() -> Result<DockerEngine> {
        // A short path: unix socket paths are limited to about 100 bytes.
        let dir = std::env::temp_dir().join(format!("layerlab-docker-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| Error::new(format!("{}: {e}", dir.display())))?;
        let log = std::fs::File::create(dir.join("dockerd.log")).map_err(|e| Error::new(e.to_string()))?;
        let mut dockerd = Command::new("dockerd");
        dockerd
            .args(["--storage-driver=vfs", "--iptables=false", "--ip6tables=false", "--bridge=none"])
            .arg(format!("--data-root={}", dir.join("data").display()))
            .arg(format!("--exec-root={}", dir.join("exec").display()))
            .arg(format!("--pidfile={}", dir.join("dockerd.pid").display()))
            .arg(format!("--host=unix://{}", dir.join("docker.sock").display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        eprintln!("$ {}", command::display(&dockerd));
        let child = dockerd.spawn().map_err(|e| Error::new(format!("cannot start dockerd: {e}")))?;
        let engine = DockerEngine { child, dir };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let answered = Command::new("docker")
                .args(["--host", &engine.host(), "version", "--format", "{{.Server.Version}}"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if answered {
                eprintln!("docker engine ready at {}", engine.host());
                return Ok(engine);
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(engine.dir.join("dockerd.log")).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(15).collect();
                return Err(Error::new(format!(
                    "dockerd did not answer within 60 s; the end of its log:\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                )));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// The `DOCKER_HOST` value for this engine.
    pub fn host(&self) -> String {
        format!("unix://{}", self.dir.join("docker.sock").display())
    }

    /// The socket of the containerd this dockerd runs for itself (under its exec root), for `ctr --address`: the
    /// store `ctr images import` fills is the one Docker's containerd image store uses.
    pub fn containerd_address(&self) -> String {
        self.dir.join("exec").join("containerd").join("containerd.sock").display().to_string()
    }
}

impl Drop for DockerEngine {
    fn drop(&mut self) {
        command::stop(&mut self.child, Duration::from_secs(20));
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
