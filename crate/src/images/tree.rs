//! Building blocks for the generated trees: the layer builder (parents first, no duplicates, one history entry per
//! layer), user accounts (`/etc/passwd`, `/etc/group`, `/etc/shadow`), the contents of applets, stand-in programs,
//! placeholders and deterministic filler, and small path helpers. Nothing here knows a particular image.

use super::{FileSpec, HistorySpec, LayerSpec};
use std::collections::{BTreeMap, BTreeSet};

/// The content of an applet file: a program the simulated shell implements itself (`ls`, `apk`, `npm` …).
pub fn applet_file(name: &str) -> Vec<u8> {
    format!("#!/layerlab/applet {name}\n").into_bytes()
}

/// The content of a stand-in for a program layerlab does not execute: a `#!/bin/sh` script that answers `--version`
/// (and `-v`, `-V`) with `version_line` and otherwise says, on stderr, that it is simulated, then exits 0.
pub fn simulated_program(program: &str, version_line: &str) -> Vec<u8> {
    let program = single_quoted(program);
    let version_line = single_quoted(version_line);
    format!(
        "#!/bin/sh\n\
         # {program}: a stand-in written by layerlab; the playground does not run the real program.\n\
         if [ \"$1\" = \"--version\" ] || [ \"$1\" = \"-v\" ] || [ \"$1\" = \"-V\" ]; then\n\
         \x20 echo '{version_line}'\n\
         \x20 exit 0\n\
         fi\n\
         echo '{program}: simulated by layerlab \u{2014} this image was built in a playground; \
         build FROM a real base image to run the real {program}' >&2\n\
         exit 0\n"
    )
    .into_bytes()
}

/// Text safe inside single quotes of a shell script.
fn single_quoted(text: &str) -> String {
    text.replace('\'', "'\\''").replace('\n', " ")
}

/// What a program's `--version` prints, for the programs whose format students may recognise.
pub(crate) fn version_line(program: &str, version: &str) -> String {
    let major_minor = || version.split('.').take(2).collect::<Vec<_>>().join(".");
    match program {
        "git" => format!("git version {version}"),
        "node" | "nodejs" => format!("v{version}"),
        "nginx" | "nginx-debug" => format!("nginx version: nginx/{version}"),
        "jq" => format!("jq-{version}"),
        "make" => format!("GNU Make {version}"),
        "vim" | "vi" | "view" | "vimdiff" | "ex" => format!("VIM - Vi IMproved {}", major_minor()),
        "openssl" => format!("OpenSSL {version}"),
        "ssh" | "scp" | "sftp" | "ssh-keygen" => format!("OpenSSH_{version}"),
        "gcc" | "cc" | "g++" | "c++" | "cpp" => format!("{program} (layerlab stand-in) {version}"),
        "perl" => format!("This is perl {version}"),
        "tsc" => format!("Version {version}"),
        "yarn" | "yarnpkg" | "npx" | "corepack" => version.to_string(),
        _ if program.starts_with("python") || program.starts_with("pydoc") || program.starts_with("idle") => {
            format!("Python {version}")
        }
        _ => format!("{program} {version}"),
    }
}

/// Small placeholder content for a file of a package or image, written in the comment syntax its name suggests.
pub(crate) fn placeholder(path: &str, owner: &str) -> Vec<u8> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let note = format!("{name}: placeholder from {owner} (simulated by layerlab)");
    let extension = name.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
    let text = match extension {
        "js" | "mjs" | "cjs" | "ts" | "h" | "c" | "css" => format!("/* {note} */\n"),
        "json" => format!("{{\"layerlab\": \"{}\"}}\n", json_escape(&note)),
        "html" | "htm" | "xml" => format!("<!-- {note} -->\n"),
        _ => format!("# {note}\n"),
    };
    text.into_bytes()
}

/// Escapes a string for a JSON string literal (without the quotes).
pub(crate) fn json_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Deterministic printable filler: `header`, then lines of pseudo-random base64 characters seeded by `seed`, cut to
/// exactly `len` bytes. Printable so that `cat` shows text; not repetitive so that it does not shrink when
/// compressed, like the real files it stands in for.
pub(crate) fn filler(seed: &str, header: &str, len: usize) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(len);
    out.extend(header.bytes().take(len));
    let mut state = fnv1a(seed.as_bytes()) | 1;
    let mut column = 0;
    while out.len() < len {
        if column == 76 {
            out.push(b'\n');
            column = 0;
            continue;
        }
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let value = state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        out.push(ALPHABET[(value >> 58) as usize & 63]);
        column += 1;
    }
    out
}

/// FNV-1a, 64 bit: a stable seed from a name.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}

/// Standard base64 with padding.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lexically normalises an absolute path (`.`/`..` resolved, `..` at the root stays there, repeated and trailing
/// `/` removed). A relative path is taken relative to `/`.
pub(crate) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The parent directory of a normalised absolute path (None for `/`).
pub(crate) fn parent(path: &str) -> Option<&str> {
    match path.rfind('/') {
        Some(0) if path.len() > 1 => Some("/"),
        Some(index) if index > 0 => path.get(..index),
        _ => None,
    }
}

/// `a/b` joined under `dir` (both normalised).
pub(crate) fn join(dir: &str, rest: &str) -> String {
    normalize(&format!("{dir}/{rest}"))
}

/// The relative path from directory `from_dir` to `to` (both absolute), as `ln -s` would want it.
pub(crate) fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let target: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len().saturating_sub(common)];
    parts.extend(target.iter().skip(common));
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Dir,
    File,
    Symlink,
}

fn kind_of(spec: &FileSpec) -> Kind {
    match spec {
        FileSpec::Dir { .. } => Kind::Dir,
        FileSpec::File { .. } => Kind::File,
        FileSpec::Symlink { .. } => Kind::Symlink,
    }
}

/// Accumulates layers. Within a layer, entries are kept by path (a later file replaces an earlier one; a directory
/// that already exists keeps its first metadata unless it was only created implicitly as a parent) and come out
/// sorted, so parents precede children. Missing parents are created as 0755 root directories.
pub(crate) struct TreeBuilder {
    committed: BTreeMap<String, Kind>,
    current: BTreeMap<String, FileSpec>,
    implicit: BTreeSet<String>,
    layers: Vec<LayerSpec>,
    history: Vec<HistorySpec>,
}

impl TreeBuilder {
    pub(crate) fn new() -> TreeBuilder {
        TreeBuilder {
            committed: BTreeMap::new(),
            current: BTreeMap::new(),
            implicit: BTreeSet::new(),
            layers: Vec::new(),
            history: Vec::new(),
        }
    }

    fn kind(&self, path: &str) -> Option<Kind> {
        self.current.get(path).map(kind_of).or_else(|| self.committed.get(path).copied())
    }

    pub(crate) fn exists(&self, path: &str) -> bool {
        self.kind(path).is_some()
    }

    fn ensure_parents(&mut self, path: &str) {
        let mut ancestors = Vec::new();
        let mut cursor = parent(path);
        while let Some(dir) = cursor {
            if dir == "/" || self.exists(dir) {
                break;
            }
            ancestors.push(dir.to_string());
            cursor = parent(dir);
        }
        for dir in ancestors.into_iter().rev() {
            self.implicit.insert(dir.clone());
            self.current.insert(dir.clone(), FileSpec::Dir { path: dir, mode: 0o755, uid: 0, gid: 0 });
        }
    }

    /// Adds an entry (its path must already be normalised).
    pub(crate) fn add(&mut self, spec: FileSpec) {
        let path = spec.path().to_string();
        if path == "/" || path.is_empty() {
            return;
        }
        self.ensure_parents(&path);
        if matches!(spec, FileSpec::Dir { .. }) {
            let replace_implicit = self.implicit.contains(&path);
            if self.exists(&path) && !replace_implicit {
                return;
            }
        }
        self.implicit.remove(&path);
        self.current.insert(path, spec);
    }

    pub(crate) fn add_all(&mut self, specs: impl IntoIterator<Item = FileSpec>) {
        for spec in specs {
            self.add(spec);
        }
    }

    pub(crate) fn dir(&mut self, path: &str, mode: u32, uid: u32, gid: u32) {
        self.add(FileSpec::Dir { path: normalize(path), mode, uid, gid });
    }

    pub(crate) fn file(&mut self, path: &str, mode: u32, uid: u32, gid: u32, content: impl Into<Vec<u8>>) {
        self.add(FileSpec::File { path: normalize(path), mode, uid, gid, content: content.into() });
    }

    /// A 0644 root-owned text file.
    pub(crate) fn text(&mut self, path: &str, text: &str) {
        self.file(path, 0o644, 0, 0, text.as_bytes().to_vec());
    }

    /// A 0755 root-owned executable.
    pub(crate) fn exec(&mut self, path: &str, content: Vec<u8>) {
        self.file(path, 0o755, 0, 0, content);
    }

    pub(crate) fn link(&mut self, path: &str, target: &str) {
        self.add(FileSpec::Symlink { path: normalize(path), target: target.to_string() });
    }

    /// Closes the current layer with its history entry.
    pub(crate) fn commit(&mut self, created_by: impl Into<String>) {
        self.commit_with_comment(created_by, None);
    }

    pub(crate) fn commit_with_comment(&mut self, created_by: impl Into<String>, comment: Option<&'static str>) {
        let current = std::mem::take(&mut self.current);
        self.implicit.clear();
        let mut files = Vec::with_capacity(current.len());
        for (path, spec) in current {
            self.committed.insert(path, kind_of(&spec));
            files.push(spec);
        }
        let created_by = created_by.into();
        self.history.push(HistorySpec { created_by: created_by.clone(), empty_layer: false, comment });
        self.layers.push(LayerSpec { created_by, files });
    }

    /// A history entry that adds no layer (`ENV`, `CMD`, …).
    pub(crate) fn metadata(&mut self, created_by: impl Into<String>) {
        self.history.push(HistorySpec { created_by: created_by.into(), empty_layer: true, comment: None });
    }

    pub(crate) fn finish(self) -> (Vec<LayerSpec>, Vec<HistorySpec>) {
        (self.layers, self.history)
    }
}

/// How a distribution writes its account files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AccountStyle {
    Alpine,
    Debian,
    Busybox,
}

#[derive(Clone, Debug)]
struct User {
    name: String,
    uid: u32,
    gid: u32,
    gecos: String,
    home: String,
    shell: String,
    origin: Origin,
}

/// Where an account came from, which decides its `/etc/shadow` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    /// In the distribution's base files.
    Initial,
    /// Added later by `useradd --system` / `adduser -S`.
    System,
    /// Added later as a normal (locked) account.
    Normal,
}

#[derive(Clone, Debug)]
struct Group {
    name: String,
    gid: u32,
    members: Vec<String>,
}

/// `/etc/passwd`, `/etc/group`, `/etc/shadow` (and `/etc/gshadow` on Debian-like systems), kept as records so that
/// later layers (`useradd node`) can rewrite them.
#[derive(Clone, Debug)]
pub(crate) struct Accounts {
    style: AccountStyle,
    day: u32,
    users: Vec<User>,
    groups: Vec<Group>,
}

impl Accounts {
    /// Parses passwd/group tables in their own format (`name:x:uid:gid:gecos:home:shell`, `name:x:gid:members`).
    pub(crate) fn from_tables(style: AccountStyle, day: u32, passwd: &str, group: &str) -> Accounts {
        let mut accounts = Accounts { style, day, users: Vec::new(), groups: Vec::new() };
        for line in passwd.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let fields: Vec<&str> = line.split(':').collect();
            if let [name, _, uid, gid, gecos, home, shell] = fields.as_slice() {
                accounts.users.push(User {
                    name: name.to_string(),
                    uid: uid.parse().unwrap_or(0),
                    gid: gid.parse().unwrap_or(0),
                    gecos: gecos.to_string(),
                    home: home.to_string(),
                    shell: shell.to_string(),
                    origin: Origin::Initial,
                });
            }
        }
        for line in group.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let fields: Vec<&str> = line.split(':').collect();
            if let [name, _, gid, members] = fields.as_slice() {
                accounts.groups.push(Group {
                    name: name.to_string(),
                    gid: gid.parse().unwrap_or(0),
                    members: members.split(',').filter(|m| !m.is_empty()).map(str::to_string).collect(),
                });
            }
        }
        accounts
    }

    pub(crate) fn add_group(&mut self, name: &str, gid: u32) {
        if !self.groups.iter().any(|g| g.name == name) {
            self.groups.push(Group { name: name.to_string(), gid, members: Vec::new() });
        }
    }

    pub(crate) fn add_member(&mut self, group: &str, user: &str) {
        if let Some(group) = self.groups.iter_mut().find(|g| g.name == group) {
            if !group.members.iter().any(|m| m == user) {
                group.members.push(user.to_string());
            }
        }
    }

    /// Adds a user the way useradd/adduser do (locked password).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add_user(
        &mut self,
        name: &str,
        uid: u32,
        gid: u32,
        gecos: &str,
        home: &str,
        shell: &str,
        system: bool,
    ) {
        if !self.users.iter().any(|u| u.name == name) {
            self.users.push(User {
                name: name.to_string(),
                uid,
                gid,
                gecos: gecos.to_string(),
                home: home.to_string(),
                shell: shell.to_string(),
                origin: if system { Origin::System } else { Origin::Normal },
            });
        }
    }

    pub(crate) fn passwd(&self) -> String {
        self.users
            .iter()
            .map(|u| format!("{}:x:{}:{}:{}:{}:{}\n", u.name, u.uid, u.gid, u.gecos, u.home, u.shell))
            .collect()
    }

    pub(crate) fn group(&self) -> String {
        self.groups.iter().map(|g| format!("{}:x:{}:{}\n", g.name, g.gid, g.members.join(","))).collect()
    }

    pub(crate) fn shadow(&self) -> String {
        let day = self.day;
        self.users
            .iter()
            .map(|u| match (self.style, u.origin) {
                (AccountStyle::Alpine, Origin::Initial) => {
                    format!("{}:{}::0:::::\n", u.name, if u.name == "root" { "*" } else { "!" })
                }
                (_, Origin::Initial) => format!("{}:*:{day}:0:99999:7:::\n", u.name),
                (_, Origin::System) => format!("{}:!:{day}::::::\n", u.name),
                (_, Origin::Normal) => format!("{}:!:{day}:0:99999:7:::\n", u.name),
            })
            .collect()
    }

    pub(crate) fn gshadow(&self) -> String {
        self.groups.iter().map(|g| format!("{}:*::{}\n", g.name, g.members.join(","))).collect()
    }

    /// Writes the account files into the current layer, with their real owners and modes.
    pub(crate) fn write(&self, b: &mut TreeBuilder) {
        b.text("/etc/passwd", &self.passwd());
        b.text("/etc/group", &self.group());
        match self.style {
            AccountStyle::Busybox => b.file("/etc/shadow", 0o600, 0, 0, self.shadow().into_bytes()),
            AccountStyle::Alpine => b.file("/etc/shadow", 0o640, 0, 42, self.shadow().into_bytes()),
            AccountStyle::Debian => {
                b.file("/etc/shadow", 0o640, 0, 42, self.shadow().into_bytes());
                b.file("/etc/gshadow", 0o640, 0, 42, self.gshadow().into_bytes());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_and_relate() {
        assert_eq!(normalize("/a//b/./c/../d/"), "/a/b/d");
        assert_eq!(normalize("/../.."), "/");
        assert_eq!(normalize("rel/x"), "/rel/x");
        assert_eq!(parent("/a/b"), Some("/a"));
        assert_eq!(parent("/a"), Some("/"));
        assert_eq!(parent("/"), None);
        assert_eq!(
            relative("/app/node_modules/.bin", "/app/node_modules/nodemon/bin/nodemon.js"),
            "../nodemon/bin/nodemon.js"
        );
        assert_eq!(relative("/usr/local/bin", "/usr/local/bin/x"), "x");
        assert_eq!(relative("/a", "/a"), ".");
    }

    #[test]
    fn encodings_match_their_standards() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(json_escape("a\"b\\c\n\u{1}"), "a\\\"b\\\\c\\n\\u0001");
    }

    #[test]
    fn filler_is_deterministic_printable_and_exact() {
        let a = filler("seed", "header\n", 1000);
        assert_eq!(a, filler("seed", "header\n", 1000));
        assert_ne!(a, filler("other", "header\n", 1000));
        assert_eq!(a.len(), 1000);
        assert!(a.starts_with(b"header\n"));
        assert!(a.iter().all(|b| b.is_ascii_graphic() || *b == b'\n'));
        assert_eq!(filler("seed", "a long header", 3), b"a l");
    }

    #[test]
    fn stand_ins_follow_the_convention() {
        assert_eq!(applet_file("ls"), b"#!/layerlab/applet ls\n");
        let script = String::from_utf8(simulated_program("git", "git version 2.45.2")).unwrap_or_default();
        assert!(script.starts_with("#!/bin/sh\n"));
        assert!(script.contains("echo 'git version 2.45.2'"));
        assert!(script.contains("git: simulated by layerlab \u{2014} this image was built in a playground; build FROM a real base image to run the real git' >&2"));
        let quoted = String::from_utf8(simulated_program("it's", "v'1")).unwrap_or_default();
        assert!(quoted.contains("echo 'v'\\''1'"));
        assert_eq!(version_line("node", "14.21.3"), "v14.21.3");
        assert_eq!(version_line("python3.12", "3.12.7"), "Python 3.12.7");
        assert_eq!(version_line("vim", "9.1.0707"), "VIM - Vi IMproved 9.1");
        assert_eq!(version_line("tool", "1.0"), "tool 1.0");
    }

    #[test]
    fn the_builder_creates_parents_and_keeps_layers_apart() {
        let mut b = TreeBuilder::new();
        b.file("/a/b/c", 0o644, 0, 0, b"x".to_vec());
        b.dir("/a", 0o700, 1, 1);
        b.dir("/a/b", 0o750, 2, 2);
        b.dir("/a/b", 0o777, 3, 3);
        b.commit("first");
        b.metadata("CMD");
        b.dir("/a", 0o755, 0, 0);
        b.text("/a/b/c", "replaced");
        b.commit("second");
        let (layers, history) = b.finish();
        let first: Vec<&FileSpec> = layers.first().map(|l| l.files.iter().collect()).unwrap_or_default();
        assert!(matches!(first.first(), Some(FileSpec::Dir { path, mode: 0o700, .. }) if path == "/a"));
        assert!(matches!(first.get(1), Some(FileSpec::Dir { path, mode: 0o750, .. }) if path == "/a/b"));
        assert_eq!(first.len(), 3);
        let second: Vec<&str> = layers.get(1).map(|l| l.files.iter().map(FileSpec::path).collect()).unwrap_or_default();
        assert_eq!(second, ["/a/b/c"]);
        assert_eq!(history.iter().map(|h| h.empty_layer).collect::<Vec<_>>(), [false, true, false]);
    }

    #[test]
    fn accounts_render_each_style() {
        let mut alpine = Accounts::from_tables(
            AccountStyle::Alpine,
            19977,
            "root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin",
            "root:x:0:root",
        );
        alpine.add_group("node", 1000);
        alpine.add_user("node", 1000, 1000, "Linux User,,,", "/home/node", "/bin/sh", false);
        alpine.add_member("node", "node");
        assert_eq!(alpine.shadow(), "root:*::0:::::\nbin:!::0:::::\nnode:!:19977:0:99999:7:::\n");
        assert_eq!(alpine.group(), "root:x:0:root\nnode:x:1000:node\n");
        let mut debian =
            Accounts::from_tables(AccountStyle::Debian, 20010, "root:x:0:0:root:/root:/bin/bash", "root:x:0:");
        debian.add_user("nginx", 101, 101, "nginx user", "/nonexistent", "/bin/false", true);
        assert_eq!(debian.shadow(), "root:*:20010:0:99999:7:::\nnginx:!:20010::::::\n");
        assert_eq!(
            debian.passwd(),
            "root:x:0:0:root:/root:/bin/bash\nnginx:x:101:101:nginx user:/nonexistent:/bin/false\n"
        );
    }
}
