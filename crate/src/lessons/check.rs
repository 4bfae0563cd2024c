//! A lesson's checks: `Check` as the file writes it (a `kind` and that kind's fields, all in one table, plus `says`
//! and `hint`), and `CheckSpec`, the same check read for its kind — the fields it needs, none it does not — which
//! validation and evaluation share, so a check that validates is one the playground can evaluate.

use super::Text;
use serde::{Deserialize, Serialize};

/// What a check looks at (docs/lessons.md's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Build,
    Image,
    File,
    Layers,
    SameImage,
    Size,
    Cached,
    Instruction,
    Config,
    Command,
    Container,
    Output,
    Shares,
    Pushed,
    Exported,
}

impl CheckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Build => "build",
            CheckKind::Image => "image",
            CheckKind::File => "file",
            CheckKind::Layers => "layers",
            CheckKind::SameImage => "same_image",
            CheckKind::Size => "size",
            CheckKind::Cached => "cached",
            CheckKind::Instruction => "instruction",
            CheckKind::Config => "config",
            CheckKind::Command => "command",
            CheckKind::Container => "container",
            CheckKind::Output => "output",
            CheckKind::Shares => "shares",
            CheckKind::Pushed => "pushed",
            CheckKind::Exported => "exported",
        }
    }

    /// "a `file`", "an `output`": the kind with its article, for messages.
    pub fn a(self) -> String {
        let name = self.as_str();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        format!("{article} `{name}`")
    }

    /// The fields a check of this kind may have (besides `kind`, `says` and `hint`).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            CheckKind::Build => &[],
            CheckKind::Image | CheckKind::Pushed => &["image"],
            CheckKind::File => &["image", "path", "contains", "absent"],
            CheckKind::Layers => &["image", "count", "min", "max", "relative_to"],
            CheckKind::SameImage => &["image", "as"],
            CheckKind::Size => &["image", "below", "smaller_than"],
            CheckKind::Cached => &["step", "cached"],
            CheckKind::Instruction => &["keyword", "count", "min", "max", "contains"],
            CheckKind::Config => &["image", "cmd", "entrypoint", "workdir", "user", "env", "expose"],
            CheckKind::Command => &["prefix"],
            CheckKind::Container => &["name", "state"],
            CheckKind::Output => &["image", "contains", "args"],
            CheckKind::Shares => &["image", "with"],
            CheckKind::Exported => &["image"],
        }
    }
}

/// A container state a `container` check asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContainerWant {
    Running,
    Exited,
    Created,
    Absent,
}

impl ContainerWant {
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerWant::Running => "running",
            ContainerWant::Exited => "exited",
            ContainerWant::Created => "created",
            ContainerWant::Absent => "absent",
        }
    }
}

/// One check as written. Every kind-specific field is optional here; [`Check::spec`] says which belong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub kind: CheckKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative_to: Option<String>,
    #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
    pub as_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smaller_than: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cached: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmd: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workdir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ContainerWant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with: Option<String>,
    pub says: Text,
    pub hint: Text,
}

/// How many: `count`, `min` or `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Exactly(i64),
    AtLeast(i64),
    AtMost(i64),
}

impl Bound {
    pub fn holds(self, value: i64) -> bool {
        match self {
            Bound::Exactly(n) => value == n,
            Bound::AtLeast(n) => value >= n,
            Bound::AtMost(n) => value <= n,
        }
    }

    pub fn value(self) -> i64 {
        match self {
            Bound::Exactly(n) | Bound::AtLeast(n) | Bound::AtMost(n) => n,
        }
    }
}

/// What a `size` check compares with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeLimit<'a> {
    Below(u64),
    SmallerThan(&'a str),
}

/// The one config field a `config` check asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigWant<'a> {
    Cmd(&'a [String]),
    Entrypoint(&'a [String]),
    Workdir(&'a str),
    User(&'a str),
    /// `KEY=value`.
    Env(&'a str),
    /// `80/tcp` (a bare `80` means TCP).
    Expose(&'a str),
}

/// A check read for its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckSpec<'a> {
    Build,
    Image { image: &'a str },
    File { image: &'a str, path: &'a str, contains: Option<&'a str>, absent: bool },
    Layers { image: &'a str, bound: Bound, relative_to: Option<&'a str> },
    SameImage { image: &'a str, other: &'a str },
    Size { image: &'a str, limit: SizeLimit<'a> },
    Cached { step: u64, cached: bool },
    Instruction { keyword: &'a str, bound: Bound, contains: Option<&'a str> },
    Config { image: &'a str, want: ConfigWant<'a> },
    Command { prefix: &'a str },
    Container { name: &'a str, state: ContainerWant },
    Output { image: &'a str, contains: &'a str, args: &'a [String] },
    Shares { image: &'a str, with: &'a str },
    Pushed { image: &'a str },
    Exported { image: Option<&'a str> },
}

/// What is wrong with a check: a message, and the field it is about (None: the check as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    pub field: Option<&'static str>,
    pub message: String,
}

fn wrong(field: Option<&'static str>, message: impl Into<String>) -> SpecError {
    SpecError { field, message: message.into() }
}

impl Check {
    /// The optional fields that are set, by their names in the file.
    pub fn fields_set(&self) -> Vec<&'static str> {
        let set = [
            ("image", self.image.is_some()),
            ("path", self.path.is_some()),
            ("contains", self.contains.is_some()),
            ("absent", self.absent.is_some()),
            ("count", self.count.is_some()),
            ("min", self.min.is_some()),
            ("max", self.max.is_some()),
            ("relative_to", self.relative_to.is_some()),
            ("as", self.as_.is_some()),
            ("below", self.below.is_some()),
            ("smaller_than", self.smaller_than.is_some()),
            ("step", self.step.is_some()),
            ("cached", self.cached.is_some()),
            ("keyword", self.keyword.is_some()),
            ("cmd", self.cmd.is_some()),
            ("entrypoint", self.entrypoint.is_some()),
            ("workdir", self.workdir.is_some()),
            ("user", self.user.is_some()),
            ("env", self.env.is_some()),
            ("expose", self.expose.is_some()),
            ("prefix", self.prefix.is_some()),
            ("name", self.name.is_some()),
            ("state", self.state.is_some()),
            ("args", self.args.is_some()),
            ("with", self.with.is_some()),
        ];
        set.iter().filter(|(_, is_set)| *is_set).map(|(name, _)| *name).collect()
    }

    /// The check read for its kind, or what is wrong with it: a field that does not belong to the kind, a
    /// required one missing, an empty text where one is needed, a choice of fields not made exactly once.
    pub fn spec(&self) -> Result<CheckSpec<'_>, SpecError> {
        let kind = self.kind;
        let allowed = kind.fields();
        if let Some(extra) = self.fields_set().into_iter().find(|f| !allowed.contains(f)) {
            let fields = if allowed.is_empty() {
                "it has no other fields than kind, says and hint".to_string()
            } else {
                format!("its fields: {}", allowed.join(", "))
            };
            return Err(wrong(Some(extra), format!("`{extra}` is not a field of {} check ({fields})", kind.a())));
        }
        let text = |value, field| required_text(kind, value, field);
        Ok(match kind {
            CheckKind::Build => CheckSpec::Build,
            CheckKind::Image => CheckSpec::Image { image: text(&self.image, "image")? },
            CheckKind::Pushed => CheckSpec::Pushed { image: text(&self.image, "image")? },
            CheckKind::File => {
                let absent = self.absent.unwrap_or(false);
                let contains = optional_text(&self.contains, "contains")?;
                if absent && contains.is_some() {
                    return Err(wrong(
                        Some("contains"),
                        "a `file` check with `absent = true` cannot also ask what the file `contains`",
                    ));
                }
                CheckSpec::File {
                    image: text(&self.image, "image")?,
                    path: text(&self.path, "path")?,
                    contains,
                    absent,
                }
            }
            CheckKind::Layers => {
                let relative_to = optional_text(&self.relative_to, "relative_to")?;
                let bound = self.bound(None)?;
                if relative_to.is_none() && bound.value() < 0 {
                    return Err(wrong(
                        Some(self.bound_field()),
                        "a layer count is never negative (a negative difference needs `relative_to`)",
                    ));
                }
                CheckSpec::Layers { image: text(&self.image, "image")?, bound, relative_to }
            }
            CheckKind::SameImage => {
                CheckSpec::SameImage { image: text(&self.image, "image")?, other: text(&self.as_, "as")? }
            }
            CheckKind::Size => {
                let limit = match (self.below, &self.smaller_than) {
                    (Some(below), None) => SizeLimit::Below(below),
                    (None, Some(_)) => SizeLimit::SmallerThan(text(&self.smaller_than, "smaller_than")?),
                    _ => {
                        return Err(wrong(
                            None,
                            "a `size` check needs exactly one of `below` (bytes) or `smaller_than` (an image)",
                        ))
                    }
                };
                CheckSpec::Size { image: text(&self.image, "image")?, limit }
            }
            CheckKind::Cached => match self.step {
                Some(0) => return Err(wrong(Some("step"), "steps are numbered from 1 (Docker's `Step 1/N`)")),
                Some(step) => CheckSpec::Cached { step, cached: self.cached.unwrap_or(true) },
                None => return Err(wrong(None, "a `cached` check needs `step`")),
            },
            CheckKind::Instruction => {
                let bound = self.bound(Some(Bound::AtLeast(1)))?;
                if bound.value() < 0 {
                    return Err(wrong(Some(self.bound_field()), "an instruction count is never negative"));
                }
                let keyword = text(&self.keyword, "keyword")?;
                if !keyword.chars().all(|c| c.is_ascii_alphabetic()) {
                    return Err(wrong(Some("keyword"), format!("{keyword:?} is not an instruction keyword")));
                }
                CheckSpec::Instruction { keyword, bound, contains: optional_text(&self.contains, "contains")? }
            }
            CheckKind::Config => {
                let wants = [
                    self.cmd.as_deref().map(ConfigWant::Cmd),
                    self.entrypoint.as_deref().map(ConfigWant::Entrypoint),
                    self.workdir.as_deref().map(ConfigWant::Workdir),
                    self.user.as_deref().map(ConfigWant::User),
                    self.env.as_deref().map(ConfigWant::Env),
                    self.expose.as_deref().map(ConfigWant::Expose),
                ];
                let mut set = wants.into_iter().flatten();
                let (Some(want), None) = (set.next(), set.next()) else {
                    return Err(wrong(
                        None,
                        "a `config` check asks about exactly one of `cmd`, `entrypoint`, `workdir`, `user`, `env` or \
                         `expose`",
                    ));
                };
                match want {
                    ConfigWant::Env(env) if !env.contains('=') || env.starts_with('=') => {
                        return Err(wrong(Some("env"), format!("`env` is `KEY=value`, not {env:?}")));
                    }
                    ConfigWant::Expose(port) if expose_key(port).is_none() => {
                        return Err(wrong(Some("expose"), format!("`expose` is a port like \"80/tcp\", not {port:?}")));
                    }
                    _ => {}
                }
                CheckSpec::Config { image: text(&self.image, "image")?, want }
            }
            CheckKind::Command => {
                let prefix = text(&self.prefix, "prefix")?;
                CheckSpec::Command { prefix }
            }
            CheckKind::Container => {
                let name = text(&self.name, "name")?;
                let Some(state) = self.state else {
                    return Err(wrong(None, "a `container` check needs `state`"));
                };
                CheckSpec::Container { name, state }
            }
            CheckKind::Output => CheckSpec::Output {
                image: text(&self.image, "image")?,
                contains: text(&self.contains, "contains")?,
                args: self.args.as_deref().unwrap_or(&[]),
            },
            CheckKind::Shares => {
                CheckSpec::Shares { image: text(&self.image, "image")?, with: text(&self.with, "with")? }
            }
            CheckKind::Exported => CheckSpec::Exported { image: optional_text(&self.image, "image")? },
        })
    }

    /// `count`, `min` or `max`: exactly one of them, or none when there is a default.
    fn bound(&self, default: Option<Bound>) -> Result<Bound, SpecError> {
        match (self.count, self.min, self.max) {
            (Some(n), None, None) => Ok(Bound::Exactly(n)),
            (None, Some(n), None) => Ok(Bound::AtLeast(n)),
            (None, None, Some(n)) => Ok(Bound::AtMost(n)),
            (None, None, None) => default
                .ok_or_else(|| wrong(None, format!("{} check needs one of `count`, `min` or `max`", self.kind.a()))),
            _ => Err(wrong(
                Some(self.bound_field_second()),
                format!("{} check takes only one of `count`, `min` or `max`", self.kind.a()),
            )),
        }
    }

    /// The first of `count`, `min`, `max` that is set.
    fn bound_field(&self) -> &'static str {
        if self.count.is_some() {
            "count"
        } else if self.min.is_some() {
            "min"
        } else {
            "max"
        }
    }

    /// The second of `count`, `min`, `max` that is set (the one too many).
    fn bound_field_second(&self) -> &'static str {
        let set: Vec<&'static str> = [("count", self.count), ("min", self.min), ("max", self.max)]
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(name, _)| *name)
            .collect();
        set.get(1).copied().unwrap_or("count")
    }
}

/// A text field the kind needs: present and not blank.
fn required_text<'a>(kind: CheckKind, value: &'a Option<String>, field: &'static str) -> Result<&'a str, SpecError> {
    match value.as_deref() {
        None => Err(wrong(None, format!("{} check needs `{field}`", kind.a()))),
        Some(text) if text.trim().is_empty() => Err(wrong(Some(field), format!("`{field}` is empty"))),
        Some(text) => Ok(text),
    }
}

/// A text field the kind may have: absent, or not empty.
fn optional_text<'a>(value: &'a Option<String>, field: &'static str) -> Result<Option<&'a str>, SpecError> {
    match value.as_deref() {
        Some("") => Err(wrong(Some(field), format!("`{field}` is empty"))),
        other => Ok(other),
    }
}

/// `80/tcp`, `53/udp`, `80` → the key of `ExposedPorts` (`80/tcp`); None for anything else.
pub fn expose_key(port: &str) -> Option<String> {
    let (number, protocol) = port.split_once('/').unwrap_or((port, "tcp"));
    let valid_number = !number.is_empty() && number.len() <= 5 && number.chars().all(|c| c.is_ascii_digit());
    let valid_protocol = matches!(protocol, "tcp" | "udp" | "sctp");
    (valid_number && valid_protocol && number.parse::<u32>().is_ok_and(|n| n <= 65535))
        .then(|| format!("{number}/{protocol}"))
}
