//! Set-up: the things a task needs on the machine (a rustup target, a `cargo install`ed tool, a Debian package), each
//! with how to check for it and how to install it, so `cargo xtask …` works on a fresh machine and in CI. Checks are
//! cheap and run every time; installs happen only when a check fails, and say so on stderr.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::command;
use crate::error::{Context, Error, Result};

/// Something a task needs on the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// A compilation target of the active toolchain, added with `rustup target add`.
    RustupTarget { target: String },
    /// A binary installed with `cargo install`, at exactly `version` when one is given.
    CargoInstall { package: String, version: Option<String>, binary: String },
    /// A Debian package, installed with `apt-get install` after one `apt-get update` per run.
    AptPackage { package: String },
}

impl Requirement {
    pub fn rustup_target(target: &str) -> Requirement {
        Requirement::RustupTarget { target: target.to_string() }
    }

    /// Any version of `package`, whose binary is called `binary`.
    pub fn cargo_install(package: &str, binary: &str) -> Requirement {
        Requirement::CargoInstall { package: package.to_string(), version: None, binary: binary.to_string() }
    }

    /// `wasm-bindgen-cli` at exactly the version of the `wasm-bindgen` crate pinned in `<root>/Cargo.toml`: the CLI
    /// refuses wasm built by a different version of the crate.
    pub fn wasm_bindgen_cli(repo_root: &Path) -> Result<Requirement> {
        let path = repo_root.join("Cargo.toml");
        let manifest = std::fs::read_to_string(&path).context(|| format!("could not read {}", path.display()))?;
        let version = pinned_version(&manifest, "wasm-bindgen").context(|| format!("in {}", path.display()))?;
        Ok(Requirement::CargoInstall {
            package: "wasm-bindgen-cli".to_string(),
            version: Some(version),
            binary: "wasm-bindgen".to_string(),
        })
    }

    pub fn apt_package(package: &str) -> Requirement {
        Requirement::AptPackage { package: package.to_string() }
    }

    /// What it is, as printed: "rustup target wasm32-unknown-unknown", "wasm-bindgen-cli 0.2.130".
    pub fn describe(&self) -> String {
        match self {
            Requirement::RustupTarget { target } => format!("rustup target {target}"),
            Requirement::CargoInstall { package, version: Some(version), .. } => format!("{package} {version}"),
            Requirement::CargoInstall { package, version: None, .. } => package.clone(),
            Requirement::AptPackage { package } => format!("Debian package {package}"),
        }
    }

    /// Whether the machine already has it.
    pub fn is_met(&self) -> Result<bool> {
        match self {
            Requirement::RustupTarget { target } => {
                let installed = command::stdout_of(command::program("rustup").args(["target", "list", "--installed"]))?
                    .ok_or_else(|| {
                        Error::new(format!("rustup is not installed, and layerlab needs it to add {target}"))
                    })?;
                Ok(lists_target(&installed, target))
            }
            Requirement::CargoInstall { binary, version, .. } => {
                match command::stdout_of(command::program(binary).arg("--version")) {
                    Ok(Some(output)) => Ok(version.as_deref().is_none_or(|version| reports_version(&output, version))),
                    // Missing, or present but broken: either way a fresh install is the cure.
                    Ok(None) | Err(_) => Ok(false),
                }
            }
            Requirement::AptPackage { package } => {
                let output =
                    command::program("dpkg-query").args(["--show", "--showformat=${Status}", package]).output();
                match output {
                    Ok(output) => Ok(dpkg_says_installed(&String::from_utf8_lossy(&output.stdout))),
                    Err(error) => Err(Error::new(format!(
                        "could not ask dpkg-query about {package} ({error}); on a system without apt, install \
                         {package} yourself"
                    ))),
                }
            }
        }
    }

    /// The command that installs it.
    fn install_command(&self) -> Command {
        match self {
            Requirement::RustupTarget { target } => {
                let mut rustup = command::program("rustup");
                rustup.args(["target", "add", target]);
                rustup
            }
            Requirement::CargoInstall { package, version, .. } => {
                // No `--locked`: with it, a dependency pinned in the tool's lock file can be missing from the registry
                // mirror, while a fresh resolution works (see design.md, "Machine facts").
                let mut cargo = command::cargo();
                cargo.args(["install", package]);
                if let Some(version) = version {
                    cargo.args(["--version", version]);
                }
                cargo
            }
            Requirement::AptPackage { package } => {
                let mut apt_get = command::program("apt-get");
                apt_get.args(["install", "--yes", package]).env("DEBIAN_FRONTEND", "noninteractive");
                apt_get
            }
        }
    }

    fn install(&self) -> Result<()> {
        if let Requirement::AptPackage { .. } = self {
            update_apt_once()?;
        }
        command::run(&mut self.install_command()).map_err(|error| match self {
            Requirement::AptPackage { package } => {
                Error::new(format!("{error} (apt-get needs root; or install {package} yourself)"))
            }
            _ => error,
        })
    }
}

/// Makes sure every requirement is met, installing what is missing, in order. Prints one line for each.
pub fn ensure(requirements: &[Requirement]) -> Result<()> {
    for requirement in requirements {
        let name = requirement.describe();
        if requirement.is_met().context(|| format!("checking for {name}"))? {
            eprintln!("{name} is installed");
            continue;
        }
        eprintln!("installing {name}");
        requirement.install().context(|| format!("installing {name}"))?;
        if !requirement.is_met().context(|| format!("checking for {name}"))? {
            let hint = match requirement {
                Requirement::CargoInstall { binary, .. } => {
                    format!(": is cargo's bin directory, where {binary} went, on PATH?")
                }
                _ => String::new(),
            };
            return Err(Error::new(format!("installed {name}, but it is still missing{hint}")));
        }
    }
    Ok(())
}

/// `apt-get install` on a fresh machine finds nothing until the package lists are fetched; do that once per run.
fn update_apt_once() -> Result<()> {
    static UPDATED: AtomicBool = AtomicBool::new(false);
    if !UPDATED.load(Ordering::Relaxed) {
        command::run(command::program("apt-get").arg("update"))?;
        UPDATED.store(true, Ordering::Relaxed);
    }
    Ok(())
}

/// Whether the output of `rustup target list --installed` (one target per line) includes `target`.
fn lists_target(installed: &str, target: &str) -> bool {
    installed.lines().any(|line| line.trim() == target)
}

/// Whether a tool's `--version` output ("wasm-bindgen 0.2.130") names exactly `version`.
fn reports_version(output: &str, version: &str) -> bool {
    output.split_whitespace().any(|word| word == version || word.strip_prefix('v') == Some(version))
}

/// Whether `dpkg-query --showformat=${Status}` printed the status of an installed package.
fn dpkg_says_installed(status: &str) -> bool {
    status.trim() == "install ok installed"
}

/// The version that `dependency` is pinned to with `=` in a Cargo manifest, from `dep = "=1.2.3"`,
/// `dep = { version = "=1.2.3", … }` or a `[….dependencies.dep]` table, in any dependencies table. Not a TOML parser:
/// it reads the few shapes a dependency line takes, and says so when it finds none.
pub fn pinned_version(manifest: &str, dependency: &str) -> Result<String> {
    let mut table = String::new();
    for line in manifest.lines() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            table = header.trim_end_matches(']').trim().to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let (key, value) = (key.trim().trim_matches('"'), value.trim());
        let requirement = if table.ends_with("dependencies") && key == dependency {
            if value.starts_with('{') {
                inline_table_version(value)
            } else {
                string_value(value)
            }
        } else if table.ends_with(&format!("dependencies.{dependency}")) && key == "version" {
            string_value(value)
        } else {
            continue;
        };
        let Some(requirement) = requirement else {
            return Err(Error::new(format!("found `{dependency}` but could not read its version from `{line}`")));
        };
        return match requirement.strip_prefix('=') {
            Some(version) if !version.trim().is_empty() => Ok(version.trim().to_string()),
            _ => Err(Error::new(format!(
                "`{dependency}` is \"{requirement}\", not pinned with `=`; pin it (\"=X.Y.Z\") so the tools built \
                 for it match"
            ))),
        };
    }
    Err(Error::new(format!("no `{dependency}` dependency found")))
}

/// The contents of the string at the start of `value` (`"=1.2" # comment` gives `=1.2`).
fn string_value(value: &str) -> Option<String> {
    let rest = value.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

/// The `version` field of an inline table: `{ version = "=1.2", features = ["a", "b"] }` gives `=1.2`.
fn inline_table_version(table: &str) -> Option<String> {
    table.trim_matches(|c| c == '{' || c == '}').split(',').find_map(|field| {
        let (key, value) = field.split_once('=')?;
        (key.trim() == "version").then(|| string_value(value.trim())).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(command: &Command) -> Vec<String> {
        command.get_args().map(|arg| arg.to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn reads_a_version_pinned_as_a_string() {
        let manifest = "[workspace.dependencies]\nserde = \"1\"\nwasm-bindgen = \"=0.2.130\" # keep in step\n";
        assert_eq!(pinned_version(manifest, "wasm-bindgen"), Ok("0.2.130".to_string()));
    }

    #[test]
    fn reads_a_version_pinned_in_an_inline_table() {
        let manifest = "[dependencies]\nwasm-bindgen = { version = \"=0.2.99\", features = [\"a\", \"b\"] }\n";
        assert_eq!(pinned_version(manifest, "wasm-bindgen"), Ok("0.2.99".to_string()));
    }

    #[test]
    fn reads_a_version_pinned_in_its_own_table() {
        let manifest = "[workspace.dependencies.wasm-bindgen]\ndefault-features = false\nversion = \"=0.2.100\"\n";
        assert_eq!(pinned_version(manifest, "wasm-bindgen"), Ok("0.2.100".to_string()));
    }

    #[test]
    fn ignores_look_alikes_and_other_tables() {
        let manifest = "[package]\nwasm-bindgen = \"=9\"\n[dependencies]\nwasm-bindgen-futures = \"=0.4.1\"\n\
                        wasm-bindgen = \"=0.2.130\"\n";
        assert_eq!(pinned_version(manifest, "wasm-bindgen"), Ok("0.2.130".to_string()));
    }

    #[test]
    fn an_unpinned_or_missing_dependency_is_an_error_that_says_why() {
        let unpinned = pinned_version("[dependencies]\nwasm-bindgen = \"0.2\"\n", "wasm-bindgen").unwrap_err();
        assert!(unpinned.to_string().contains("not pinned with `=`"), "{unpinned}");
        let missing = pinned_version("[dependencies]\nserde = \"1\"\n", "wasm-bindgen").unwrap_err();
        assert!(missing.to_string().contains("no `wasm-bindgen` dependency"), "{missing}");
    }

    #[test]
    fn the_workspace_pins_wasm_bindgen() {
        let requirement = Requirement::wasm_bindgen_cli(&command::repo_root()).unwrap();
        let Requirement::CargoInstall { version: Some(version), .. } = requirement else { panic!("{requirement:?}") };
        assert!(version.chars().next().is_some_and(|c| c.is_ascii_digit()), "{version}");
    }

    #[test]
    fn cargo_install_pins_the_version_and_does_not_lock() {
        let requirement = Requirement::CargoInstall {
            package: "wasm-bindgen-cli".to_string(),
            version: Some("0.2.130".to_string()),
            binary: "wasm-bindgen".to_string(),
        };
        assert_eq!(args(&requirement.install_command()), ["install", "wasm-bindgen-cli", "--version", "0.2.130"]);
        assert_eq!(requirement.describe(), "wasm-bindgen-cli 0.2.130");
        let any_version = Requirement::cargo_install("cargo-fuzz", "cargo-fuzz");
        assert_eq!(args(&any_version.install_command()), ["install", "cargo-fuzz"]);
    }

    #[test]
    fn install_commands_and_descriptions() {
        let target = Requirement::rustup_target("wasm32-unknown-unknown");
        assert_eq!(target.describe(), "rustup target wasm32-unknown-unknown");
        assert_eq!(target.install_command().get_program(), "rustup");
        assert_eq!(args(&target.install_command()), ["target", "add", "wasm32-unknown-unknown"]);
        let package = Requirement::apt_package("skopeo");
        assert_eq!(package.describe(), "Debian package skopeo");
        assert_eq!(package.install_command().get_program(), "apt-get");
        assert_eq!(args(&package.install_command()), ["install", "--yes", "skopeo"]);
    }

    #[test]
    fn reads_check_outputs() {
        let installed = "wasm32-unknown-unknown\nx86_64-unknown-linux-gnu\n";
        assert!(lists_target(installed, "x86_64-unknown-linux-gnu"));
        assert!(!lists_target(installed, "x86_64-unknown-linux-musl"));
        assert!(reports_version("wasm-bindgen 0.2.130\n", "0.2.130"));
        assert!(!reports_version("wasm-bindgen 0.2.1300\n", "0.2.130"));
        assert!(!reports_version("wasm-bindgen 0.2.129\n", "0.2.130"));
        assert!(dpkg_says_installed("install ok installed"));
        assert!(!dpkg_says_installed("deinstall ok config-files"));
        assert!(!dpkg_says_installed(""));
    }
}
