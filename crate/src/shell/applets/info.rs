//! Small applets about the environment and the machine: `env`, `basename`, `dirname`, `hostname`, `date`, `uname`,
//! `sleep` (instant: the simulation has no clock), `which`, `seq`, `xargs` and `yes`; plus the calendar arithmetic
//! `date` and `ls -l` share.

use super::{getopt, parse_or_fail, Cx};
use crate::shell::interp::{Var, R};
use crate::shell::io::Fd;
use crate::shell::lookup::{basename as base_name, Found};

pub const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const DAY_NAMES: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// A UTC calendar time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Sunday.
    pub weekday: u32,
    /// 1-based day of the year.
    pub yday: u32,
}

/// Seconds since the epoch to a UTC calendar date (Howard Hinnant's days-from-civil, inverted).
pub fn civil(epoch: i64) -> Civil {
    let days = epoch.div_euclid(86400);
    let secs = epoch.rem_euclid(86400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = if month <= 2 { y + 1 } else { y };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let yday = cumulative[(month - 1) as usize] + day + u32::from(leap && month > 2);
    Civil {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: (secs % 3600 / 60) as u32,
        second: (secs % 60) as u32,
        weekday: (days + 4).rem_euclid(7) as u32,
        yday,
    }
}

/// strftime for the codes `date` supports (always UTC).
pub fn strftime(format: &str, epoch: i64) -> String {
    let c = civil(epoch);
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        let Some(code) = chars.next() else {
            out.push('%');
            break;
        };
        let hour12 = if c.hour % 12 == 0 { 12 } else { c.hour % 12 };
        let piece = match code {
            'Y' => c.year.to_string(),
            'C' => (c.year / 100).to_string(),
            'y' => format!("{:02}", c.year.rem_euclid(100)),
            'm' => format!("{:02}", c.month),
            'd' => format!("{:02}", c.day),
            'e' => format!("{:>2}", c.day),
            'H' => format!("{:02}", c.hour),
            'k' => format!("{:>2}", c.hour),
            'I' => format!("{hour12:02}"),
            'l' => format!("{hour12:>2}"),
            'M' => format!("{:02}", c.minute),
            'S' => format!("{:02}", c.second),
            'N' => "000000000".to_string(),
            's' => epoch.to_string(),
            'b' | 'h' => MONTHS[(c.month - 1) as usize % 12].to_string(),
            'B' => MONTH_NAMES[(c.month - 1) as usize % 12].to_string(),
            'a' => DAYS[c.weekday as usize % 7].to_string(),
            'A' => DAY_NAMES[c.weekday as usize % 7].to_string(),
            'u' => (if c.weekday == 0 { 7 } else { c.weekday }).to_string(),
            'w' => c.weekday.to_string(),
            'j' => format!("{:03}", c.yday),
            'p' => (if c.hour < 12 { "AM" } else { "PM" }).to_string(),
            'Z' => "UTC".to_string(),
            'z' => "+0000".to_string(),
            'F' => format!("{}-{:02}-{:02}", c.year, c.month, c.day),
            'T' => format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second),
            'R' => format!("{:02}:{:02}", c.hour, c.minute),
            'D' => format!("{:02}/{:02}/{:02}", c.month, c.day, c.year.rem_euclid(100)),
            'c' => strftime("%a %b %e %H:%M:%S %Y", epoch),
            'x' => strftime("%m/%d/%y", epoch),
            'X' => strftime("%H:%M:%S", epoch),
            'n' => "\n".to_string(),
            't' => "\t".to_string(),
            '%' => "%".to_string(),
            other => format!("%{other}"),
        };
        out.push_str(&piece);
    }
    out
}

pub fn env(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let mut clear = false;
    let mut unset = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        match arg.as_str() {
            "-i" | "-" | "--ignore-environment" => clear = true,
            "-u" => {
                i += 1;
                if let Some(name) = args.get(i) {
                    unset.push(name.clone());
                }
            }
            "--" => {
                i += 1;
                break;
            }
            a if a.starts_with("-u") => unset.push(a[2..].to_string()),
            a if a.starts_with('-') && a.len() > 1 => {
                return cx.fail(&format!("invalid option -- '{}'", a.chars().nth(1).unwrap_or('-')))
            }
            _ => break,
        }
        i += 1;
    }
    let mut assigns = Vec::new();
    while let Some(arg) = args.get(i) {
        match arg.split_once('=') {
            Some((name, value)) if !name.is_empty() => assigns.push((name.to_string(), value.to_string())),
            _ => break,
        }
        i += 1;
    }
    let command = &args[i.min(args.len())..];
    let saved = cx.sh.st.vars.clone();
    if clear {
        for var in cx.sh.st.vars.values_mut() {
            var.exported = false;
        }
    }
    for name in &unset {
        cx.sh.st.vars.remove(name);
    }
    for (name, value) in &assigns {
        cx.sh.st.vars.insert(name.clone(), Var { value: value.clone(), exported: true, readonly: false });
    }
    let result = if command.is_empty() {
        let text: String =
            cx.sh.st.vars.iter().filter(|(_, v)| v.exported).map(|(k, v)| format!("{k}={}\n", v.value)).collect();
        cx.outs(&text).map(|()| 0)
    } else {
        cx.run(command).map(|status| if status == 127 { 127 } else { status })
    };
    cx.sh.st.vars = saved;
    result
}

pub fn basename(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let parsed = match getopt(&args, "as:z", &[("multiple", 'a'), ("suffix=", 's')]) {
        Ok(p) => p,
        Err(message) => return cx.fail(&message),
    };
    if parsed.operands.is_empty() {
        return cx.fail("missing operand");
    }
    let multiple = parsed.has('a') || parsed.value('s').is_some();
    let (names, suffix): (Vec<String>, Option<String>) = if multiple {
        (parsed.operands.clone(), parsed.value('s').map(str::to_string))
    } else {
        if parsed.operands.len() > 2 {
            return cx.fail(&format!("extra operand '{}'", parsed.operands[2]));
        }
        (vec![parsed.operands[0].clone()], parsed.operands.get(1).cloned())
    };
    let mut out = String::new();
    for name in names {
        let mut base = base_name(&name).to_string();
        if let Some(suffix) = &suffix {
            if base != *suffix {
                if let Some(stripped) = base.strip_suffix(suffix.as_str()) {
                    base = stripped.to_string();
                }
            }
        }
        out.push_str(&base);
        out.push('\n');
    }
    cx.outs(&out)?;
    Ok(0)
}

/// `dirname` of one path, as coreutils computes it.
pub fn dir_name(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.starts_with('/') { "/".to_string() } else { ".".to_string() };
    }
    match trimmed.rfind('/') {
        None => ".".to_string(),
        Some(i) => {
            let dir = trimmed[..i].trim_end_matches('/');
            if dir.is_empty() {
                "/".to_string()
            } else {
                dir.to_string()
            }
        }
    }
}

pub fn dirname(cx: &mut Cx) -> R<i32> {
    let operands: Vec<String> = cx.args().iter().filter(|a| *a != "--").cloned().collect();
    if operands.is_empty() {
        return cx.fail("missing operand");
    }
    let text: String = operands.iter().map(|p| format!("{}\n", dir_name(p))).collect();
    cx.outs(&text)?;
    Ok(0)
}

pub fn hostname(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let name = cx.sys.hostname();
    match args.first().map(String::as_str) {
        None | Some("-f" | "-s" | "--fqdn" | "--short" | "-A") => {
            let shown =
                if args.first().is_some_and(|a| a == "-s") { name.split('.').next().unwrap_or("") } else { &name };
            cx.outs(&format!("{shown}\n"))?;
            Ok(0)
        }
        Some("-i" | "-I") => {
            cx.outs("172.17.0.2\n")?;
            Ok(0)
        }
        Some(_) => cx.fail("sethostname: Operation not permitted"),
    }
}

pub fn date(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let mut epoch = cx.sys.now();
    let mut format = None;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        match arg.as_str() {
            "-u" | "--utc" | "--universal" => {}
            "-R" | "--rfc-2822" | "--rfc-email" => format = Some("%a, %d %b %Y %H:%M:%S +0000".to_string()),
            "-I" | "--iso-8601" => format = Some("%Y-%m-%d".to_string()),
            "-d" | "--date" => {
                let Some(value) = args.get(i) else { return cx.fail("option requires an argument -- 'd'") };
                i += 1;
                match value.strip_prefix('@').and_then(|n| n.trim().parse::<i64>().ok()) {
                    Some(n) => epoch = n,
                    None if value == "now" => {}
                    None => return cx.fail(&format!("invalid date '{value}' (layerlab's date reads only @SECONDS)")),
                }
            }
            a if a.starts_with("--date=") => match a[7..].strip_prefix('@').and_then(|n| n.parse::<i64>().ok()) {
                Some(n) => epoch = n,
                None => return cx.fail(&format!("invalid date '{}'", &a[7..])),
            },
            a if a.starts_with('+') => format = Some(a[1..].to_string()),
            a if a.starts_with('-') => {
                return cx.fail(&format!("invalid option -- '{}'", a.chars().nth(1).unwrap_or('-')))
            }
            _ => return cx.fail("cannot set date: Operation not permitted"),
        }
    }
    let format = format.unwrap_or_else(|| "%a %b %e %H:%M:%S %Z %Y".to_string());
    let text = strftime(&format, epoch);
    cx.outs(&format!("{text}\n"))?;
    Ok(0)
}

/// The kernel release `uname -r` reports: made up, and says so.
pub const KERNEL_RELEASE: &str = "6.6.0-layerlab";

pub fn uname(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(
        cx,
        "asnrvmopi",
        &[("all", 'a'), ("kernel-name", 's'), ("nodename", 'n'), ("kernel-release", 'r'), ("machine", 'm')],
    )? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let arch = cx.sys.arch();
    let host = cx.sys.hostname();
    let fields: [(char, String); 7] = [
        ('s', "Linux".to_string()),
        ('n', host),
        ('r', KERNEL_RELEASE.to_string()),
        ('v', "#1 SMP PREEMPT_DYNAMIC (simulated by layerlab)".to_string()),
        ('m', arch.clone()),
        ('p', arch),
        ('o', "Linux".to_string()),
    ];
    let all = opts.has('a');
    let mut picked: Vec<&str> = fields
        .iter()
        .filter(|(c, _)| if all { *c != 'p' } else { opts.has(*c) || (*c == 'p' && opts.has('i')) })
        .map(|(_, v)| v.as_str())
        .collect();
    if picked.is_empty() {
        picked.push("Linux");
    }
    cx.outs(&format!("{}\n", picked.join(" ")))?;
    Ok(0)
}

pub fn sleep(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    if args.is_empty() {
        return cx.fail("missing operand");
    }
    let mut seconds = 0.0f64;
    for arg in &args {
        let (number, unit) = match arg.char_indices().last() {
            Some((i, c @ ('s' | 'm' | 'h' | 'd'))) => (&arg[..i], c),
            _ => (arg.as_str(), 's'),
        };
        let value = match number {
            "inf" | "infinity" => f64::INFINITY,
            _ => match number.parse::<f64>() {
                Ok(n) if n >= 0.0 => n,
                _ => return cx.fail(&format!("invalid time interval '{arg}'")),
            },
        };
        let scale = match unit {
            'm' => 60.0,
            'h' => 3600.0,
            'd' => 86400.0,
            _ => 1.0,
        };
        seconds += value * scale;
    }
    // Instant in the simulation (a container's main process counts the time it would take); a real system sleeps.
    cx.sh.sleep(cx.sys, seconds)?;
    Ok(0)
}

pub fn which(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let all = args.iter().any(|a| a == "-a");
    let mut status = 0;
    for name in args.iter().filter(|a| !a.starts_with('-')) {
        if name.contains('/') {
            let path = cx.abs(name);
            if cx.sys.stat(&path).is_ok_and(|s| s.is_file() && s.mode & 0o111 != 0) {
                cx.outs(&format!("{name}\n"))?;
            } else {
                status = 1;
            }
            continue;
        }
        if all {
            let mut found = false;
            for dir in cx.sh.path_var().split(':') {
                let candidate = format!("{}/{name}", if dir.is_empty() { "." } else { dir.trim_end_matches('/') });
                let path = cx.abs(&candidate);
                if cx.sys.stat(&path).is_ok_and(|s| s.is_file() && s.mode & 0o111 != 0) {
                    cx.outs(&format!("{candidate}\n"))?;
                    found = true;
                }
            }
            if !found {
                status = 1;
            }
            continue;
        }
        match cx.sh.find_in_path(cx.sys, name) {
            Found::Path(path) => cx.outs(&format!("{path}\n"))?,
            _ => status = 1,
        }
    }
    Ok(status)
}

pub fn seq(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let mut sep = "\n".to_string();
    let mut width = false;
    let mut numbers = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        match arg.as_str() {
            "-s" => {
                sep = args.get(i).cloned().unwrap_or_default();
                i += 1;
            }
            "-w" => width = true,
            a if a.starts_with("-s") => sep = a[2..].to_string(),
            a => match a.parse::<f64>() {
                Ok(n) => numbers.push((n, a.to_string())),
                Err(_) => return cx.fail(&format!("invalid floating point argument: '{a}'")),
            },
        }
    }
    let (first, step, last) = match numbers.as_slice() {
        [(l, _)] => (1.0, 1.0, *l),
        [(f, _), (l, _)] => (*f, 1.0, *l),
        [(f, _), (s, _), (l, _)] => (*f, *s, *l),
        _ => return cx.fail("missing operand"),
    };
    if step == 0.0 {
        return cx.fail("invalid Zero increment value: '0'");
    }
    let decimals = numbers.iter().map(|(_, s)| s.split_once('.').map_or(0, |(_, d)| d.len())).max().unwrap_or(0);
    let fmt = |v: f64| format!("{v:.decimals$}");
    let pad = if width { fmt(first).len().max(fmt(last).len()) } else { 0 };
    let mut out = String::new();
    let mut k: u64 = 0;
    loop {
        let v = first + step * k as f64;
        if (step > 0.0 && v > last + 1e-9) || (step < 0.0 && v < last - 1e-9) {
            break;
        }
        if k > 0 {
            out.push_str(&sep);
        }
        let text = fmt(v);
        if width && text.len() < pad {
            out.push_str(&"0".repeat(pad - text.len()));
        }
        out.push_str(&text);
        k += 1;
        if k % 1024 == 0 {
            cx.step()?;
            cx.outs(&std::mem::take(&mut out))?;
        }
    }
    if k > 0 {
        out.push('\n');
    }
    cx.outs(&out)?;
    Ok(0)
}

/// Splits xargs input into arguments: blanks separate, quotes and backslashes protect.
fn xargs_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' | '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some(other) => cur.push(other),
                        None => return Err(format!("unmatched {} quote", if c == '\'' { "single" } else { "double" })),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    cur.push(next);
                }
            }
            other => {
                in_word = true;
                cur.push(other);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

pub fn xargs(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let mut i = 0;
    let mut per_call: Option<usize> = None;
    let mut replace: Option<String> = None;
    let mut null = false;
    let mut delim: Option<char> = None;
    let mut no_run_empty = false;
    let mut trace = false;
    while let Some(arg) = args.get(i) {
        if !arg.starts_with('-') || arg == "-" {
            break;
        }
        i += 1;
        match arg.as_str() {
            "--" => break,
            "-0" | "--null" => null = true,
            "-r" | "--no-run-if-empty" => no_run_empty = true,
            "-t" | "--verbose" => trace = true,
            "-n" | "-L" | "-P" | "-s" => {
                let value = args.get(i).cloned().unwrap_or_default();
                i += 1;
                if arg == "-n" || arg == "-L" {
                    per_call = value.parse().ok().filter(|n| *n > 0);
                }
            }
            "-I" | "-i" => {
                replace = Some(if arg == "-i" { "{}".to_string() } else { args.get(i).cloned().unwrap_or_default() });
                if arg == "-I" {
                    i += 1;
                }
            }
            "-d" => {
                delim = args.get(i).and_then(|d| d.chars().next());
                i += 1;
            }
            a if a.starts_with("-n") => per_call = a[2..].parse().ok().filter(|n| *n > 0),
            a if a.starts_with("-I") => replace = Some(a[2..].to_string()),
            a => return cx.fail(&format!("invalid option -- '{}'", a.chars().nth(1).unwrap_or('-'))),
        }
    }
    let mut command: Vec<String> = args[i.min(args.len())..].to_vec();
    if command.is_empty() {
        command.push("echo".to_string());
    }
    let input = String::from_utf8_lossy(&cx.stdin()).into_owned();
    let items: Vec<String> = if null {
        input.split('\0').filter(|s| !s.is_empty()).map(str::to_string).collect()
    } else if let Some(d) = delim {
        let mut v: Vec<String> = input.split(d).map(str::to_string).collect();
        if v.last().is_some_and(String::is_empty) {
            v.pop();
        }
        v
    } else if replace.is_some() {
        input.lines().map(|l| l.trim_start().to_string()).filter(|l| !l.is_empty()).collect()
    } else {
        match xargs_words(&input) {
            Ok(words) => words,
            Err(message) => {
                return cx
                    .fail(&format!("{message}; by default quotes are special to xargs unless you use the -0 option"))
            }
        }
    };
    if items.is_empty() && no_run_empty {
        return Ok(0);
    }
    let mut batches: Vec<Vec<String>> = Vec::new();
    if let Some(pattern) = &replace {
        for item in &items {
            batches.push(command.iter().map(|w| w.replace(pattern.as_str(), item)).collect());
        }
    } else if items.is_empty() {
        batches.push(command.clone());
    } else {
        let chunk = per_call.unwrap_or(usize::MAX);
        for group in items.chunks(chunk.min(items.len()).max(1)) {
            let mut argv = command.clone();
            argv.extend(group.iter().cloned());
            batches.push(argv);
        }
    }
    let mut status = 0;
    for argv in batches {
        cx.step()?;
        if trace {
            cx.errs(&format!("{}\n", argv.join(" ")))?;
        }
        match cx.run(&argv)? {
            0 => {}
            127 => return Ok(127),
            126 => return Ok(126),
            _ => status = 123,
        }
    }
    Ok(status)
}

/// `yes`: endless on a terminal (the output limit stops it); into a pipe it writes one pipe buffer's worth (64 KiB),
/// because a simulated pipeline runs its commands one after another and nothing would ever stop reading.
pub fn yes(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let line = if args.is_empty() { "y\n".to_string() } else { format!("{}\n", args.join(" ")) };
    let chunk = line.repeat((4096 / line.len()).max(1));
    let to_pipe = matches!(cx.sh.st.fds[1], Fd::Sink(_) | Fd::Null | Fd::Closed);
    let mut written = 0usize;
    loop {
        cx.step()?;
        cx.outs(&chunk)?;
        written += chunk.len();
        if to_pipe && written >= 64 * 1024 {
            return Ok(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        assert_eq!(strftime("%Y-%m-%d %H:%M:%S %a", 0), "1970-01-01 00:00:00 Thu");
        assert_eq!(strftime("%F %T %j %A", 951_782_400), "2000-02-29 00:00:00 060 Tuesday");
        assert_eq!(strftime("%s %e %b %y", 1_700_000_000), "1700000000 14 Nov 23");
        assert_eq!(civil(-86400).year, 1969);
    }

    #[test]
    fn dirnames() {
        assert_eq!(dir_name("/usr/bin/"), "/usr");
        assert_eq!(dir_name("a"), ".");
        assert_eq!(dir_name("/"), "/");
        assert_eq!(dir_name("/a"), "/");
        assert_eq!(dir_name("a//b"), "a");
    }

    #[test]
    fn xargs_splitting() {
        assert_eq!(xargs_words("a 'b c' \"d\"\\ e\n").unwrap(), vec!["a", "b c", "d e"]);
        assert!(xargs_words("'open").is_err());
    }
}

pub fn printenv(cx: &mut Cx) -> R<i32> {
    let names: Vec<String> = cx.args().iter().filter(|a| !a.starts_with('-')).cloned().collect();
    let exported: Vec<(String, String)> =
        cx.sh.st.vars.iter().filter(|(_, v)| v.exported).map(|(k, v)| (k.clone(), v.value.clone())).collect();
    if names.is_empty() {
        let text: String = exported.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
        cx.outs(&text)?;
        return Ok(0);
    }
    let mut status = 0;
    for name in &names {
        match exported.iter().find(|(k, _)| k == name) {
            Some((_, v)) => cx.outs(&format!("{v}\n"))?,
            None => status = 1,
        }
    }
    Ok(status)
}

#[derive(Clone, Debug, PartialEq)]
enum ExprValue {
    Int(i64),
    Str(String),
}

impl ExprValue {
    fn text(&self) -> String {
        match self {
            ExprValue::Int(n) => n.to_string(),
            ExprValue::Str(s) => s.clone(),
        }
    }

    fn int(&self) -> Option<i64> {
        match self {
            ExprValue::Int(n) => Some(*n),
            ExprValue::Str(s) => {
                let t = s.strip_prefix('+').unwrap_or(s);
                if !t.is_empty() && t.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit()) {
                    s.parse().ok()
                } else {
                    None
                }
            }
        }
    }

    fn is_null(&self) -> bool {
        match self {
            ExprValue::Int(n) => *n == 0,
            ExprValue::Str(s) => s.is_empty() || s.parse::<i64>().is_ok_and(|n| n == 0),
        }
    }
}

struct ExprParser<'a> {
    args: &'a [String],
    pos: usize,
    depth: usize,
}

/// An expr failure: message and exit status (2 for syntax and type errors).
type ExprResult = Result<ExprValue, (String, i32)>;

impl ExprParser<'_> {
    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(String::as_str)
    }

    fn next(&mut self) -> Result<String, (String, i32)> {
        let value =
            self.args.get(self.pos).cloned().ok_or_else(|| ("syntax error: missing argument after".to_string(), 2))?;
        self.pos += 1;
        Ok(value)
    }

    fn or(&mut self) -> ExprResult {
        self.depth += 1;
        if self.depth > 64 {
            return Err(("expression too complex".to_string(), 2));
        }
        let mut left = self.and()?;
        while self.peek() == Some("|") {
            self.pos += 1;
            let right = self.and()?;
            if left.is_null() {
                left = if right.is_null() { ExprValue::Int(0) } else { right };
            }
        }
        self.depth -= 1;
        Ok(left)
    }

    fn and(&mut self) -> ExprResult {
        let mut left = self.cmp()?;
        while self.peek() == Some("&") {
            self.pos += 1;
            let right = self.cmp()?;
            if left.is_null() || right.is_null() {
                left = ExprValue::Int(0);
            }
        }
        Ok(left)
    }

    fn cmp(&mut self) -> ExprResult {
        let mut left = self.add()?;
        while let Some(op) = self.peek().filter(|op| matches!(*op, "<" | "<=" | "=" | "==" | "!=" | ">=" | ">")) {
            let op = op.to_string();
            self.pos += 1;
            let right = self.add()?;
            let ord = match (left.int(), right.int()) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => left.text().cmp(&right.text()),
            };
            let result = match op.as_str() {
                "<" => ord.is_lt(),
                "<=" => ord.is_le(),
                "=" | "==" => ord.is_eq(),
                "!=" => ord.is_ne(),
                ">=" => ord.is_ge(),
                _ => ord.is_gt(),
            };
            left = ExprValue::Int(i64::from(result));
        }
        Ok(left)
    }

    fn arith(left: &ExprValue, right: &ExprValue, op: &str) -> ExprResult {
        let (Some(a), Some(b)) = (left.int(), right.int()) else {
            return Err(("non-integer argument".to_string(), 2));
        };
        let value = match op {
            "+" => a.checked_add(b),
            "-" => a.checked_sub(b),
            "*" => a.checked_mul(b),
            _ => {
                if b == 0 {
                    return Err(("division by zero".to_string(), 2));
                }
                if op == "/" {
                    a.checked_div(b)
                } else {
                    a.checked_rem(b)
                }
            }
        };
        value.map(ExprValue::Int).ok_or_else(|| ("integer result too large".to_string(), 2))
    }

    fn add(&mut self) -> ExprResult {
        let mut left = self.mul()?;
        while let Some(op) = self.peek().filter(|op| matches!(*op, "+" | "-")) {
            let op = op.to_string();
            self.pos += 1;
            let right = self.mul()?;
            left = ExprParser::arith(&left, &right, &op)?;
        }
        Ok(left)
    }

    fn mul(&mut self) -> ExprResult {
        let mut left = self.matching()?;
        while let Some(op) = self.peek().filter(|op| matches!(*op, "*" | "/" | "%")) {
            let op = op.to_string();
            self.pos += 1;
            let right = self.matching()?;
            left = ExprParser::arith(&left, &right, &op)?;
        }
        Ok(left)
    }

    fn regex_match(text: &str, pattern: &str) -> ExprResult {
        let re = crate::shell::regex::Regex::new(&format!("^{pattern}"), false, false).map_err(|e| (e, 2))?;
        let chars: Vec<char> = text.chars().collect();
        let caps = re.find_at(&chars, 0);
        Ok(match (caps, re.groups() > 0) {
            (Some(caps), true) => ExprValue::Str(
                caps.get(1).copied().flatten().map(|(s, e)| chars[s..e].iter().collect()).unwrap_or_default(),
            ),
            (Some(caps), false) => ExprValue::Int(caps[0].map_or(0, |(s, e)| (e - s) as i64)),
            (None, true) => ExprValue::Str(String::new()),
            (None, false) => ExprValue::Int(0),
        })
    }

    fn matching(&mut self) -> ExprResult {
        let mut left = self.primary()?;
        while self.peek() == Some(":") {
            self.pos += 1;
            let right = self.primary()?;
            left = ExprParser::regex_match(&left.text(), &right.text())?;
        }
        Ok(left)
    }

    fn primary(&mut self) -> ExprResult {
        let token = self.next()?;
        match token.as_str() {
            "(" => {
                let value = self.or()?;
                if self.next()? != ")" {
                    return Err(("syntax error: expecting ')'".to_string(), 2));
                }
                Ok(value)
            }
            "match" => {
                let text = self.primary()?.text();
                let pattern = self.primary()?.text();
                ExprParser::regex_match(&text, &pattern)
            }
            "length" => Ok(ExprValue::Int(self.primary()?.text().chars().count() as i64)),
            "substr" => {
                let text = self.primary()?.text();
                let pos = self.primary()?.int().unwrap_or(0);
                let len = self.primary()?.int().unwrap_or(0);
                if pos < 1 || len < 1 {
                    return Ok(ExprValue::Str(String::new()));
                }
                Ok(ExprValue::Str(text.chars().skip(pos as usize - 1).take(len as usize).collect()))
            }
            "index" => {
                let text = self.primary()?.text();
                let chars = self.primary()?.text();
                let at = text.chars().position(|c| chars.contains(c)).map_or(0, |i| i + 1);
                Ok(ExprValue::Int(at as i64))
            }
            "+" => Ok(ExprValue::Str(self.next()?)),
            _ => Ok(ExprValue::Str(token)),
        }
    }
}

pub fn expr(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let args: &[String] = if args.first().is_some_and(|a| a == "--") { &args[1..] } else { &args };
    if args.is_empty() {
        return Ok(cx.fail("missing operand")? + 1);
    }
    let mut parser = ExprParser { args, pos: 0, depth: 0 };
    match parser.or() {
        Ok(_) if parser.pos < args.len() => {
            cx.warn(&format!("syntax error: unexpected argument '{}'", args[parser.pos]))?;
            Ok(2)
        }
        Ok(value) => {
            cx.outs(&format!("{}\n", value.text()))?;
            Ok(i32::from(value.is_null()))
        }
        Err((message, status)) => {
            cx.warn(&message)?;
            Ok(status)
        }
    }
}
