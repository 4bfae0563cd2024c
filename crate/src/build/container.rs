//! A container's first process: the shell Docker starts over an image's config and a writable tree. Shared by the
//! build engine's RUN steps and the session's `docker run`, so both start containers the same way.

use crate::shell::{self, Shell, ShellConfig, VfsSystem};
use crate::vfs::{Fs, Meta};
use std::collections::BTreeMap;

/// What a container's process starts with.
#[derive(Clone, Debug)]
pub struct ProcessSpec {
    /// The full environment (image ENV plus whatever the caller adds); `HOME` is filled in from the user if absent.
    pub env: BTreeMap<String, String>,
    /// The working directory (empty: `/`); created when missing, as Docker does.
    pub working_dir: String,
    /// `USER` (empty: root); it must name someone in the image's /etc/passwd, or the container does not start.
    pub user: String,
    /// `$0` and the prefix of the shell's error messages.
    pub argv0: String,
    pub limits: shell::Limits,
    pub hostname: String,
    /// The machine name `uname -m` prints (`x86_64`, `aarch64`).
    pub arch: String,
    /// Seconds since the epoch the process sees as now.
    pub now: i64,
}

/// A started process: a shell whose state persists across runs, and the identity it runs with.
pub struct Process {
    pub shell: Shell,
    pub uid: u32,
    pub gid: u32,
    pub hostname: String,
    pub arch: String,
    pub now: i64,
}

impl Process {
    /// Prepares the tree (the working directory) and the shell. Fails, with Docker's reason, when USER names nobody.
    pub fn start(fs: &mut Fs, spec: ProcessSpec) -> Result<Process, String> {
        let cwd = if spec.working_dir.is_empty() { "/".to_string() } else { spec.working_dir.clone() };
        if !fs.exists(&cwd) {
            let _ = fs.mkdir_all(&cwd, Meta { mode: 0o755, uid: 0, gid: 0 });
        }
        let user = if spec.user.is_empty() {
            shell::UserSpec { uid: 0, gid: 0, name: "root".into(), home: "/root".into() }
        } else {
            shell::resolve_user(&VfsSystem::new(fs), &spec.user)?
        };
        let mut env = spec.env;
        env.entry("HOME".to_string()).or_insert(user.home);
        let shell = Shell::new(ShellConfig {
            env,
            cwd,
            uid: user.uid,
            gid: user.gid,
            user_name: user.name,
            limits: spec.limits,
            argv0: spec.argv0,
        });
        Ok(Process { shell, uid: user.uid, gid: user.gid, hostname: spec.hostname, arch: spec.arch, now: spec.now })
    }

    /// The system the process sees: `fs`, with its host name, machine, clock and identity.
    pub fn system<'a>(&self, fs: &'a mut Fs) -> VfsSystem<'a> {
        let mut system = VfsSystem::new(fs);
        system.hostname = self.hostname.clone();
        system.arch = self.arch.clone();
        system.now = self.now;
        system.uid = self.uid;
        system.gid = self.gid;
        system
    }

    /// Runs an argv (exec form) in the process's shell over `fs`.
    pub fn run_argv(&mut self, fs: &mut Fs, argv: &[String]) -> shell::Outcome {
        let mut system = self.system(fs);
        self.shell.run_argv(&mut system, argv)
    }

    /// Runs a line of shell text, as typed at an interactive prompt.
    pub fn run_script(&mut self, fs: &mut Fs, script: &str) -> shell::Outcome {
        let mut system = self.system(fs);
        self.shell.run_script(&mut system, script)
    }
}
