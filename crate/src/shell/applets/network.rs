//! `curl` and `wget`: the playground has no network, so both say so and fail the way the real tools fail when a
//! host cannot be resolved (curl exit 6, wget exit 4). `--version` and `--help` still answer.

use super::Cx;
use crate::shell::interp::R;

/// The host part of a URL (`https://user@host:8080/path` → `host`).
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = if host.starts_with('[') {
        host.split(']').next().map_or(host, |h| &h[1..])
    } else {
        host.split(':').next().unwrap_or(host)
    };
    host.to_string()
}

/// The first operand that looks like a URL, skipping option values.
fn first_url(args: &[String], takes_value: &[&str]) -> Option<String> {
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        if takes_value.contains(&arg.as_str()) {
            i += 1;
            continue;
        }
        if !arg.starts_with('-') {
            return Some(arg.clone());
        }
    }
    None
}

const NO_NETWORK: &str = "layerlab: the playground has no network: nothing can be downloaded (build FROM an image that already contains what you need, or COPY it from the build context)\n";

pub fn curl(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    if args.iter().any(|a| a == "--version" || a == "-V") {
        cx.outs("curl 8.5.0 (simulated by layerlab: no network)\nProtocols: none\n")?;
        return Ok(0);
    }
    let takes_value = [
        "-o",
        "-O",
        "-H",
        "-d",
        "-X",
        "-u",
        "-A",
        "-e",
        "-w",
        "-T",
        "-F",
        "--output",
        "--header",
        "--data",
        "--request",
        "--user",
        "--retry",
        "--connect-timeout",
        "--max-time",
        "-m",
    ];
    let Some(url) = first_url(&args, &takes_value) else {
        cx.errs("curl: try 'curl --help' or 'curl --manual' for more information\n")?;
        return Ok(2);
    };
    let silent = args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('s'))
        && !args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('S'));
    cx.errs(NO_NETWORK)?;
    if !silent {
        cx.errs(&format!("curl: (6) Could not resolve host: {}\n", host_of(&url)))?;
    }
    Ok(6)
}

pub fn wget(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    if args.iter().any(|a| a == "--version" || a == "-V") {
        cx.outs("GNU Wget 1.21 (simulated by layerlab: no network)\n")?;
        return Ok(0);
    }
    let takes_value =
        ["-O", "-P", "-T", "-t", "-U", "--output-document", "--directory-prefix", "--header", "--user-agent", "-o"];
    let Some(url) = first_url(&args, &takes_value) else {
        cx.errs("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n")?;
        return Ok(1);
    };
    let host = host_of(&url);
    cx.errs(NO_NETWORK)?;
    let quiet = args
        .iter()
        .any(|a| a == "-q" || a == "--quiet" || (a.starts_with('-') && !a.starts_with("--") && a.contains('q')));
    if !quiet {
        cx.errs(&format!("Resolving {host} ({host})... failed: Name or service not known.\n"))?;
    }
    cx.errs(&format!("wget: unable to resolve host address '{host}'\n"))?;
    Ok(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(host_of("https://example.com/x"), "example.com");
        assert_eq!(host_of("http://u:p@h.io:8080/a?b"), "h.io");
        assert_eq!(host_of("example.org"), "example.org");
        assert_eq!(host_of("http://[::1]:80/"), "::1");
    }
}
