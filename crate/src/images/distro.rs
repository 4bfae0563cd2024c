//! Architectures, distribution releases and the per-release facts the catalog and the package tables share (version
//! strings, library names that change between releases, `/etc/os-release` text).

use std::fmt;

/// The platforms every catalog image exists for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arch {
    Amd64,
    Arm64,
}

impl Arch {
    pub const ALL: [Arch; 2] = [Arch::Amd64, Arch::Arm64];

    /// Accepts `amd64`, `x86_64`, `linux/amd64`, `arm64`, `aarch64`, `linux/arm64`, `linux/arm64/v8`.
    pub fn parse(text: &str) -> Option<Arch> {
        let text = text.trim();
        let text = text.strip_prefix("linux/").unwrap_or(text);
        match text {
            "amd64" | "x86_64" | "x86-64" => Some(Arch::Amd64),
            "arm64" | "aarch64" | "arm64/v8" => Some(Arch::Arm64),
            _ => None,
        }
    }

    /// The OCI / Go name: `amd64`, `arm64` (same as [`Arch::oci`]).
    pub fn as_str(self) -> &'static str {
        self.oci()
    }

    /// The OCI / Go name: `amd64`, `arm64`.
    pub fn oci(self) -> &'static str {
        match self {
            Arch::Amd64 => "amd64",
            Arch::Arm64 => "arm64",
        }
    }

    /// The OCI platform variant (`v8` for arm64).
    pub fn variant(self) -> Option<&'static str> {
        match self {
            Arch::Amd64 => None,
            Arch::Arm64 => Some("v8"),
        }
    }

    /// What `uname -m` prints, and apk's architecture name: `x86_64`, `aarch64`.
    pub fn uname_machine(self) -> &'static str {
        match self {
            Arch::Amd64 => "x86_64",
            Arch::Arm64 => "aarch64",
        }
    }

    /// dpkg's architecture name: `amd64`, `arm64`.
    pub fn dpkg(self) -> &'static str {
        self.oci()
    }

    /// The Debian multiarch triplet: `x86_64-linux-gnu`, `aarch64-linux-gnu`.
    pub fn gnu_triplet(self) -> &'static str {
        match self {
            Arch::Amd64 => "x86_64-linux-gnu",
            Arch::Arm64 => "aarch64-linux-gnu",
        }
    }

    /// Node's `process.arch`: `x64`, `arm64`.
    pub fn node(self) -> &'static str {
        match self {
            Arch::Amd64 => "x64",
            Arch::Arm64 => "arm64",
        }
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.oci())
    }
}

/// The kind of root file system an image has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OsFamily {
    Scratch,
    Busybox,
    Alpine,
    Debian,
    Ubuntu,
}

impl OsFamily {
    pub fn name(self) -> &'static str {
        match self {
            OsFamily::Scratch => "scratch",
            OsFamily::Busybox => "busybox",
            OsFamily::Alpine => "alpine",
            OsFamily::Debian => "debian",
            OsFamily::Ubuntu => "ubuntu",
        }
    }
}

/// A distribution release with a package index in the playground.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Distro {
    /// Alpine 3.17 (node:14-alpine's final build).
    Alpine317,
    /// Alpine 3.20.
    Alpine320,
    /// Ubuntu 20.04 LTS.
    Focal,
    /// Ubuntu 22.04 LTS.
    Jammy,
    /// Ubuntu 24.04 LTS.
    Noble,
    /// Debian 11 (node:14's final build).
    Bullseye,
    /// Debian 12.
    Bookworm,
}

impl Distro {
    pub const ALL: [Distro; 7] = [
        Distro::Alpine317,
        Distro::Alpine320,
        Distro::Focal,
        Distro::Jammy,
        Distro::Noble,
        Distro::Bullseye,
        Distro::Bookworm,
    ];

    pub fn family(self) -> OsFamily {
        match self {
            Distro::Alpine317 | Distro::Alpine320 => OsFamily::Alpine,
            Distro::Focal | Distro::Jammy | Distro::Noble => OsFamily::Ubuntu,
            Distro::Bullseye | Distro::Bookworm => OsFamily::Debian,
        }
    }

    /// A short stable key: `alpine3.17`, `alpine3.20`, `focal`, `jammy`, `noble`, `bullseye`, `bookworm`.
    pub fn key(self) -> &'static str {
        match self {
            Distro::Alpine317 => "alpine3.17",
            Distro::Alpine320 => "alpine3.20",
            Distro::Focal => "focal",
            Distro::Jammy => "jammy",
            Distro::Noble => "noble",
            Distro::Bullseye => "bullseye",
            Distro::Bookworm => "bookworm",
        }
    }

    /// The full release version (`3.20.3`, `22.04.5`, `12.7`).
    pub fn version(self) -> &'static str {
        match self {
            Distro::Alpine317 => "3.17.2",
            Distro::Alpine320 => "3.20.3",
            Distro::Focal => "20.04.6",
            Distro::Jammy => "22.04.5",
            Distro::Noble => "24.04.1",
            Distro::Bullseye => "11.6",
            Distro::Bookworm => "12.7",
        }
    }

    /// Which version column of the package tables applies (apk tables have 2, apt tables 5).
    pub(crate) fn column(self) -> usize {
        match self {
            Distro::Alpine320 | Distro::Focal => 0,
            Distro::Alpine317 | Distro::Jammy => 1,
            Distro::Noble => 2,
            Distro::Bullseye => 3,
            Distro::Bookworm => 4,
        }
    }

    /// Recognises the release from the text of `/etc/os-release`, so that the package managers work in any image
    /// built on a catalog image. Other Alpine releases map to 3.20.
    pub fn from_os_release(text: &str) -> Option<Distro> {
        let mut id = "";
        let mut version_id = "";
        let mut codename = "";
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else { continue };
            let value = value.trim().trim_matches('"');
            match key.trim() {
                "ID" => id = value,
                "VERSION_ID" => version_id = value,
                "VERSION_CODENAME" => codename = value,
                _ => {}
            }
        }
        match id {
            "alpine" if version_id.starts_with("3.17") => Some(Distro::Alpine317),
            "alpine" => Some(Distro::Alpine320),
            "ubuntu" | "debian" => {
                Distro::ALL.into_iter().find(|d| d.family() != OsFamily::Alpine && d.key() == codename)
            }
            _ => None,
        }
    }

    /// Values for the `{name}` placeholders of the package tables. Names of libraries change between releases
    /// (libssl1.1 → libssl3 → libssl3t64), so the tables name them through these.
    pub(crate) fn fact(self, name: &str) -> Option<&'static str> {
        let column = self.column();
        let pick = |values: [&'static str; 5]| values.get(column).copied();
        match (self.family(), name) {
            (OsFamily::Alpine, "py") => Some(if self == Distro::Alpine317 { "3.10" } else { "3.12" }),
            (OsFamily::Alpine, "release") => Some(if self == Distro::Alpine317 { "v3.17" } else { "v3.20" }),
            (OsFamily::Alpine, _) => None,
            (_, "py") => pick(["3.8", "3.10", "3.12", "3.9", "3.11"]),
            (_, "perl") => pick(["5.30", "5.34", "5.38", "5.32", "5.36"]),
            (_, "perlfull") => pick(["5.30.0", "5.34.0", "5.38.2", "5.32.1", "5.36.0"]),
            (_, "gcc") => pick(["9", "11", "13", "10", "12"]),
            (_, "ssl") => pick(["libssl1.1", "libssl3", "libssl3t64", "libssl1.1", "libssl3"]),
            (_, "ffi") => pick(["libffi7", "libffi8", "libffi8", "libffi7", "libffi8"]),
            (_, "t64") => pick(["", "", "t64", "", ""]),
            (_, "node") => pick(["64", "72", "109", "72", "108"]),
            (_, "codename") => Some(self.key()),
            _ => None,
        }
    }

    /// The uid of apt's `_apt` user (it moved from 100 to 42).
    pub(crate) fn apt_uid(self) -> u32 {
        match self {
            Distro::Noble | Distro::Bookworm => 42,
            _ => 100,
        }
    }

    /// Days since the epoch written into `/etc/shadow` (the release's image build date).
    pub(crate) fn shadow_day(self) -> u32 {
        match self {
            Distro::Focal => 19993,
            Distro::Jammy => 20007,
            Distro::Noble => 19998,
            Distro::Bullseye => 19389,
            Distro::Bookworm => 20010,
            Distro::Alpine317 => 19404,
            Distro::Alpine320 => 19977,
        }
    }

    /// The text of `/etc/os-release` (or `/usr/lib/os-release`), with layerlab's note.
    pub(crate) fn os_release(self) -> String {
        let body = match self {
            Distro::Alpine317 | Distro::Alpine320 => {
                let release = if self == Distro::Alpine317 { "3.17" } else { "3.20" };
                format!(
                    "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID={}\nPRETTY_NAME=\"Alpine Linux v{release}\"\n\
                     HOME_URL=\"https://alpinelinux.org/\"\n\
                     BUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n",
                    self.version()
                )
            }
            Distro::Focal | Distro::Jammy | Distro::Noble => {
                let (short, name) = match self {
                    Distro::Focal => ("20.04", "Focal Fossa"),
                    Distro::Jammy => ("22.04", "Jammy Jellyfish"),
                    _ => ("24.04", "Noble Numbat"),
                };
                let codename = self.key();
                let version = self.version();
                let mut text = format!(
                    "PRETTY_NAME=\"Ubuntu {version} LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"{short}\"\n\
                     VERSION=\"{version} LTS ({name})\"\nVERSION_CODENAME={codename}\nID=ubuntu\nID_LIKE=debian\n\
                     HOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\n\
                     BUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\n\
                     PRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\n\
                     UBUNTU_CODENAME={codename}\n"
                );
                if self == Distro::Noble {
                    text.push_str("LOGO=ubuntu-logo\n");
                }
                text
            }
            Distro::Bullseye | Distro::Bookworm => {
                let (major, codename) = if self == Distro::Bullseye { ("11", "bullseye") } else { ("12", "bookworm") };
                format!(
                    "PRETTY_NAME=\"Debian GNU/Linux {major} ({codename})\"\nNAME=\"Debian GNU/Linux\"\n\
                     VERSION_ID=\"{major}\"\nVERSION=\"{major} ({codename})\"\nVERSION_CODENAME={codename}\nID=debian\n\
                     HOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\n\
                     BUG_REPORT_URL=\"https://bugs.debian.org/\"\n"
                )
            }
        };
        format!("{body}{}", LAYERLAB_NOTE_LINE)
    }

    /// `/etc/debian_version` (Ubuntu names the Debian release it branched from).
    pub(crate) fn debian_version(self) -> &'static str {
        match self {
            Distro::Focal => "bullseye/sid\n",
            Distro::Jammy => "bookworm/sid\n",
            Distro::Noble => "trixie/sid\n",
            Distro::Bullseye => "11.6\n",
            Distro::Bookworm => "12.7\n",
            Distro::Alpine317 | Distro::Alpine320 => "",
        }
    }

    /// The maintainer written into dpkg's status (ubuntu rewrites Debian's to its own list).
    pub(crate) fn maintainer(self) -> &'static str {
        match self.family() {
            OsFamily::Ubuntu => "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>",
            OsFamily::Alpine => "Natanael Copa <ncopa@alpinelinux.org>",
            _ => "Debian Developers <debian-devel@lists.debian.org>",
        }
    }
}

impl fmt::Display for Distro {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The honesty line every simulated `/etc/os-release` ends with.
pub(crate) const LAYERLAB_NOTE_LINE: &str = "LAYERLAB_NOTE=\"simulated by layerlab: files are placeholders\"\n";
