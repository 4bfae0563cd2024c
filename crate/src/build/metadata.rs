//! The instructions that change only the image config (ENV, LABEL, CMD, ENTRYPOINT, EXPOSE, VOLUME, USER,
//! STOPSIGNAL, HEALTHCHECK, SHELL, ONBUILD, MAINTAINER), and the `created_by` text the classic builder records for
//! each (`/bin/sh -c #(nop)  CMD ["echo" "Hello"]`).

use crate::dockerfile::go_quote_list;
use crate::dockerfile::instructions::{CommandLine, Healthcheck as HealthcheckInstr, KeyValue};
use crate::oci::{ContainerConfig, Healthcheck};

/// `/bin/sh -c #(nop)  ` — the classic builder joins the shell, `#(nop) ` and the description with spaces, hence
/// the two spaces after `#(nop)` for metadata instructions.
pub fn nop_created_by(shell: &[String], description: &str) -> String {
    format!("{} #(nop)  {description}", shell.join(" "))
}

/// WORKDIR, COPY and ADD pass their description as one string: one space after `#(nop)`.
pub fn nop_created_by_single(shell: &[String], description: &str) -> String {
    format!("{} #(nop) {description}", shell.join(" "))
}

/// The command a shell-form or exec-form instruction stores: shell form goes through the image's shell.
pub fn command_vector(line: &CommandLine, shell: &[String]) -> Vec<String> {
    match line {
        CommandLine::Exec(words) => words.iter().map(|w| w.text.clone()).collect(),
        CommandLine::Shell(word) => {
            let mut argv = shell.to_vec();
            argv.push(word.text.clone());
            argv
        }
    }
}

/// Sets `KEY=VALUE` in an env list, replacing an existing KEY in place.
pub fn set_env(env: &mut Vec<String>, key: &str, value: &str) {
    let entry = format!("{key}={value}");
    match env.iter_mut().find(|e| e.split_once('=').map_or(e.as_str(), |(k, _)| k) == key) {
        Some(existing) => *existing = entry,
        None => env.push(entry),
    }
}

/// Looks KEY up in an env list.
pub fn get_env<'a>(env: &'a [String], key: &str) -> Option<&'a str> {
    env.iter().find_map(|e| e.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| v))
}

/// ENV and LABEL descriptions: `ENV A=1 B=2`, values as expanded.
pub fn pairs_description(keyword: &str, pairs: &[(String, String)]) -> String {
    let mut text = keyword.to_string();
    for (k, v) in pairs {
        text.push(' ');
        text.push_str(k);
        text.push('=');
        text.push_str(v);
    }
    text
}

/// Expands `80`, `80/udp`, `8000-8002` into Docker's `port/proto` keys.
pub fn expose_ports(spec: &str) -> Result<Vec<String>, String> {
    let (ports, proto) = match spec.split_once('/') {
        Some((p, proto)) => (p, proto.to_ascii_lowercase()),
        None => (spec, "tcp".to_string()),
    };
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {proto} (use tcp, udp or sctp)"));
    }
    let parse = |p: &str| p.parse::<u16>().ok().filter(|&n| n > 0);
    let (start, end) = match ports.split_once('-') {
        Some((a, b)) => (parse(a), parse(b)),
        None => (parse(ports), parse(ports)),
    };
    match (start, end) {
        (Some(a), Some(b)) if a <= b && b - a < 1024 => Ok((a..=b).map(|p| format!("{p}/{proto}")).collect()),
        _ => Err(format!("invalid containerPort: {ports}")),
    }
}

/// Go's `time.Duration.String` for whole nanosecond counts (`30s`, `1m30s`, `500ms`, `0s`).
pub fn go_duration(ns: u64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    if ns < 1_000_000_000 {
        return if ns % 1_000_000 == 0 {
            format!("{}ms", ns / 1_000_000)
        } else if ns % 1_000 == 0 {
            format!("{}µs", ns / 1_000)
        } else {
            format!("{ns}ns")
        };
    }
    let total_seconds = ns / 1_000_000_000;
    let fraction = ns % 1_000_000_000;
    let (h, m, s) = (total_seconds / 3600, (total_seconds / 60) % 60, total_seconds % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if h > 0 || m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if fraction == 0 {
        out.push_str(&format!("{s}s"));
    } else {
        let digits = format!("{fraction:09}");
        out.push_str(&format!("{s}.{}s", digits.trim_end_matches('0')));
    }
    out
}

/// The image config's health check for a HEALTHCHECK instruction.
pub fn healthcheck(instr: &HealthcheckInstr, shell: &[String]) -> Healthcheck {
    let _ = shell;
    let test = match &instr.test {
        None => vec!["NONE".to_string()],
        Some(CommandLine::Exec(words)) => {
            let mut test = vec!["CMD".to_string()];
            test.extend(words.iter().map(|w| w.text.clone()));
            test
        }
        Some(CommandLine::Shell(word)) => vec!["CMD-SHELL".to_string(), word.text.clone()],
    };
    Healthcheck {
        test,
        interval: instr.interval.unwrap_or(0),
        timeout: instr.timeout.unwrap_or(0),
        start_period: instr.start_period.unwrap_or(0),
        start_interval: instr.start_interval.unwrap_or(0),
        retries: u64::from(instr.retries.unwrap_or(0)),
    }
}

/// The classic builder prints the health check as Go's `%q` of the struct: `&{["CMD-SHELL" "x"] "30s" "3s" "0s"
/// "0s" '\x03'}`.
pub fn healthcheck_description(check: &Healthcheck) -> String {
    format!(
        "HEALTHCHECK &{{{} \"{}\" \"{}\" \"{}\" \"{}\" '\\x{:02x}'}}",
        go_quote_list(&check.test),
        go_duration(check.interval),
        go_duration(check.timeout),
        go_duration(check.start_period),
        go_duration(check.start_interval),
        check.retries
    )
}

/// The keys and values of ENV/LABEL pairs, expanded by `expand`.
pub fn expand_pairs(
    pairs: &[KeyValue],
    mut expand: impl FnMut(&str) -> Result<String, String>,
) -> Result<Vec<(String, String)>, String> {
    pairs.iter().map(|p| Ok((expand(&p.key.text)?, expand(&p.value.text)?))).collect()
}

/// Whether a config carries anything that metadata steps set (used to explain empty images in the UI).
pub fn is_empty_config(config: &ContainerConfig) -> bool {
    *config == ContainerConfig::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_by_matches_the_classic_builder() {
        let shell = vec!["/bin/sh".to_string(), "-c".to_string()];
        assert_eq!(nop_created_by(&shell, "CMD [\"echo\" \"Hello\"]"), "/bin/sh -c #(nop)  CMD [\"echo\" \"Hello\"]");
        assert_eq!(nop_created_by_single(&shell, "WORKDIR /app"), "/bin/sh -c #(nop) WORKDIR /app");
    }

    #[test]
    fn ports_and_durations() {
        assert_eq!(expose_ports("80").unwrap(), ["80/tcp"]);
        assert_eq!(expose_ports("53/UDP").unwrap(), ["53/udp"]);
        assert_eq!(expose_ports("8000-8002").unwrap(), ["8000/tcp", "8001/tcp", "8002/tcp"]);
        assert!(expose_ports("http").is_err());
        assert!(expose_ports("0").is_err());
        assert_eq!(go_duration(30_000_000_000), "30s");
        assert_eq!(go_duration(90_000_000_000), "1m30s");
        assert_eq!(go_duration(3_600_000_000_000), "1h0m0s");
        assert_eq!(go_duration(1_500_000_000), "1.5s");
        assert_eq!(go_duration(500_000_000), "500ms");
    }

    #[test]
    fn env_lists_replace_in_place() {
        let mut env = vec!["PATH=/bin".to_string(), "A=1".to_string()];
        set_env(&mut env, "A", "2");
        set_env(&mut env, "B", "x=y");
        assert_eq!(env, ["PATH=/bin", "A=2", "B=x=y"]);
        assert_eq!(get_env(&env, "B"), Some("x=y"));
    }
}
