//! Tab completion for a terminal over a session: what the word under the cursor could become — `docker`, its
//! subcommands, then image names or container names, by what the subcommand takes. Words only; no shell completion
//! inside a container yet.

use super::command::split_words;
use super::Session;
use std::collections::BTreeSet;

/// Subcommands offered after `docker` (the simulated ones and the management commands that lead to them).
const SUBCOMMANDS: &[&str] = &[
    "build",
    "attach",
    "commit",
    "container",
    "create",
    "diff",
    "exec",
    "history",
    "image",
    "images",
    "inspect",
    "kill",
    "load",
    "login",
    "logs",
    "ps",
    "pull",
    "push",
    "restart",
    "rm",
    "rmi",
    "run",
    "save",
    "search",
    "start",
    "stop",
    "system",
    "tag",
];

/// Subcommands whose arguments are images, and those whose arguments are containers.
const TAKES_IMAGES: &[&str] = &["run", "create", "rmi", "tag", "history", "push", "save", "inspect"];
const TAKES_CONTAINERS: &[&str] =
    &["rm", "start", "stop", "restart", "kill", "attach", "diff", "commit", "logs", "exec", "inspect"];

impl Session {
    /// Candidates for the last word of `line` (the text before the cursor), sorted. Empty when attached to a
    /// container, inside an unclosed quote, or when nothing fits.
    pub fn complete(&self, line: &str) -> Vec<String> {
        if self.attached.is_some() {
            return Vec::new();
        }
        let Ok(mut words) = split_words(line) else { return Vec::new() };
        let current = if line.ends_with(char::is_whitespace) || words.is_empty() {
            String::new()
        } else {
            words.pop().unwrap_or_default()
        };
        let mut candidates: BTreeSet<String> = BTreeSet::new();
        match words.as_slice() {
            [] => {
                candidates.insert("docker".to_string());
            }
            [docker] if docker == "docker" => candidates.extend(SUBCOMMANDS.iter().map(|s| s.to_string())),
            [docker, rest @ ..] if docker == "docker" && !current.starts_with('-') => {
                let sub = match rest {
                    [group, op, ..] if group == "image" => match op.as_str() {
                        "ls" | "list" => "images",
                        "rm" | "remove" => "rmi",
                        other => other,
                    },
                    [group, op, ..] if group == "container" => match op.as_str() {
                        "ls" | "list" => "ps",
                        other => other,
                    },
                    [sub, ..] => sub.as_str(),
                    [] => "",
                };
                if TAKES_IMAGES.contains(&sub) {
                    candidates.extend(self.store.tags().map(|(tag, _)| tag.to_string()));
                }
                if TAKES_CONTAINERS.contains(&sub) {
                    candidates.extend(self.containers.iter().map(|c| c.name.clone()));
                }
            }
            _ => {}
        }
        candidates.into_iter().filter(|c| c.starts_with(&current)).collect()
    }
}
