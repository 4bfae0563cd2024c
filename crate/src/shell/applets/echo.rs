//! `echo` (busybox's: `-n`, `-e`, `-E`; no escapes unless `-e`) and `printf` (`%s %d %i %u %x %X %o %c %b %e %f
//! %g %%` with flags, widths and precisions, escapes in the format, the format reused for extra arguments).

use super::Cx;
use crate::shell::interp::R;

/// Widths and precisions are capped so that `printf '%999999999d'` cannot allocate a gigabyte.
const MAX_WIDTH: usize = 1 << 16;

pub fn echo(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let Some(flags) = arg.strip_prefix('-') else { break };
        if flags.is_empty() || !flags.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) {
            break;
        }
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        i += 1;
    }
    let mut out = Vec::new();
    for (k, arg) in args[i..].iter().enumerate() {
        if k > 0 {
            out.push(b' ');
        }
        if escapes {
            let (bytes, stop) = backslash_escapes(arg, true);
            out.extend(bytes);
            if stop {
                cx.out(&out)?;
                return Ok(0);
            }
        } else {
            out.extend_from_slice(arg.as_bytes());
        }
    }
    if newline {
        out.push(b'\n');
    }
    cx.out(&out)?;
    Ok(0)
}

/// Interprets backslash escapes (`echo -e`, `%b`); the flag says `\c` was met (stop all output).
/// `echo_octal` selects echo's `\0NNN` form rather than printf's `\NNN`.
pub fn backslash_escapes(s: &str, echo_octal: bool) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '\\' || i >= chars.len() {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let e = chars[i];
        i += 1;
        match e {
            'n' => out.push(b'\n'),
            't' => out.push(b'\t'),
            'r' => out.push(b'\r'),
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'v' => out.push(11),
            'e' => out.push(27),
            '\\' => out.push(b'\\'),
            'c' => return (out, true),
            'x' => {
                let mut value = 0u32;
                let mut n = 0;
                while n < 2 && i < chars.len() && chars[i].is_ascii_hexdigit() {
                    value = value * 16 + chars[i].to_digit(16).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                if n == 0 {
                    out.extend_from_slice(b"\\x");
                } else {
                    out.push(value as u8);
                }
            }
            '0'..='7' => {
                let mut value = 0u32;
                let mut n = 0;
                let max = if echo_octal && e == '0' { 3 } else { 2 };
                if !(echo_octal && e == '0') {
                    value = e as u32 - '0' as u32;
                }
                while n < max && i < chars.len() && ('0'..='7').contains(&chars[i]) {
                    value = value * 8 + (chars[i] as u32 - '0' as u32);
                    i += 1;
                    n += 1;
                }
                out.push((value & 0xff) as u8);
            }
            other => {
                out.push(b'\\');
                let mut buf = [0u8; 4];
                out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    (out, false)
}

#[derive(Default, Clone, Copy)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

fn pad(body: String, spec: &Spec, numeric: bool) -> String {
    let width = spec.width.unwrap_or(0).min(MAX_WIDTH);
    let len = body.chars().count();
    if len >= width {
        return body;
    }
    let fill = width - len;
    if spec.left {
        format!("{body}{}", " ".repeat(fill))
    } else if spec.zero && numeric {
        let (sign, digits) = match body.chars().next() {
            Some(c @ ('-' | '+' | ' ')) => (c.to_string(), body[1..].to_string()),
            _ => (String::new(), body.clone()),
        };
        let (prefix, digits) = match digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
            Some(rest) if spec.alt => (digits[..2].to_string(), rest.to_string()),
            _ => (String::new(), digits),
        };
        format!("{sign}{prefix}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{body}", " ".repeat(fill))
    }
}

/// An integer argument: decimal, octal, hex, or `'c` for a character's code.
fn parse_int(arg: &str) -> Option<i64> {
    let trimmed = arg.trim();
    if let Some(rest) = trimmed.strip_prefix('\'').or_else(|| trimmed.strip_prefix('"')) {
        return Some(rest.chars().next().map_or(0, |c| c as i64));
    }
    if trimmed.is_empty() {
        return Some(0);
    }
    crate::shell::arith::parse_number(trimmed)
}

pub fn printf(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let args: &[String] = if args.first().is_some_and(|a| a == "--") { &args[1..] } else { &args };
    let Some(format) = args.first() else {
        cx.warn("usage: printf FORMAT [ARGUMENT...]")?;
        return Ok(2);
    };
    let fmt: Vec<char> = format.chars().collect();
    let rest = &args[1..];
    let mut next = 0;
    let mut status = 0;
    let mut out: Vec<u8> = Vec::new();
    loop {
        let start_next = next;
        let mut i = 0;
        let mut used_conversion = false;
        while i < fmt.len() {
            let c = fmt[i];
            i += 1;
            if c == '\\' {
                let mut j = i;
                let mut esc = String::from("\\");
                if j < fmt.len() {
                    esc.push(fmt[j]);
                    j += 1;
                    if matches!(fmt[j - 1], '0'..='7') {
                        let mut n = 1;
                        while n < 3 && j < fmt.len() && ('0'..='7').contains(&fmt[j]) {
                            esc.push(fmt[j]);
                            j += 1;
                            n += 1;
                        }
                    } else if fmt[j - 1] == 'x' {
                        let mut n = 0;
                        while n < 2 && j < fmt.len() && fmt[j].is_ascii_hexdigit() {
                            esc.push(fmt[j]);
                            j += 1;
                            n += 1;
                        }
                    }
                }
                i = j;
                let (bytes, stop) = backslash_escapes(&esc, false);
                out.extend(bytes);
                if stop {
                    cx.out(&out)?;
                    return Ok(status);
                }
                continue;
            }
            if c != '%' {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                continue;
            }
            if fmt.get(i) == Some(&'%') {
                out.push(b'%');
                i += 1;
                continue;
            }
            let mut spec = Spec::default();
            while let Some(&f) = fmt.get(i) {
                match f {
                    '-' => spec.left = true,
                    '+' => spec.plus = true,
                    ' ' => spec.space = true,
                    '#' => spec.alt = true,
                    '0' => spec.zero = true,
                    _ => break,
                }
                i += 1;
            }
            let take_number = |i: &mut usize, next: &mut usize| -> Option<usize> {
                if fmt.get(*i) == Some(&'*') {
                    *i += 1;
                    let arg = rest.get(*next).cloned().unwrap_or_default();
                    *next += 1;
                    return Some(parse_int(&arg).unwrap_or(0).clamp(0, MAX_WIDTH as i64) as usize);
                }
                let start = *i;
                while fmt.get(*i).is_some_and(|d| d.is_ascii_digit()) {
                    *i += 1;
                }
                (start < *i).then(|| fmt[start..*i].iter().collect::<String>().parse::<usize>().unwrap_or(MAX_WIDTH))
            };
            spec.width = take_number(&mut i, &mut next).map(|w| w.min(MAX_WIDTH));
            if fmt.get(i) == Some(&'.') {
                i += 1;
                spec.precision = Some(take_number(&mut i, &mut next).unwrap_or(0).min(MAX_WIDTH));
            }
            while matches!(fmt.get(i), Some('l' | 'h' | 'j' | 'z' | 't' | 'L' | 'q')) {
                i += 1;
            }
            let Some(&conv) = fmt.get(i) else {
                cx.warn(&format!("%{}: invalid format", fmt[i.saturating_sub(1)]))?;
                status = 1;
                break;
            };
            i += 1;
            used_conversion = true;
            let arg = rest.get(next).cloned();
            if !matches!(conv, '%') {
                next += 1;
            }
            let arg_or_empty = arg.clone().unwrap_or_default();
            match conv {
                's' => {
                    let mut s = arg_or_empty;
                    if let Some(p) = spec.precision {
                        s = s.chars().take(p).collect();
                    }
                    out.extend(pad(s, &spec, false).into_bytes());
                }
                'b' => {
                    let (bytes, stop) = backslash_escapes(&arg_or_empty, true);
                    let s = String::from_utf8_lossy(&bytes).into_owned();
                    out.extend(pad(s, &spec, false).into_bytes());
                    if stop {
                        cx.out(&out)?;
                        return Ok(status);
                    }
                }
                'c' => {
                    let s: String = arg_or_empty.chars().next().map(String::from).unwrap_or_default();
                    out.extend(pad(s, &spec, false).into_bytes());
                }
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let value = match parse_int(&arg_or_empty) {
                        Some(v) => v,
                        None => {
                            cx.warn(&format!("invalid number '{arg_or_empty}'"))?;
                            status = 1;
                            // GNU printf uses the leading digits, if any.
                            let digits: String = arg_or_empty
                                .trim()
                                .chars()
                                .enumerate()
                                .take_while(|(k, c)| c.is_ascii_digit() || (*k == 0 && *c == '-'))
                                .map(|(_, c)| c)
                                .collect();
                            digits.parse().unwrap_or(0)
                        }
                    };
                    let mut digits = match conv {
                        'd' | 'i' => value.unsigned_abs().to_string(),
                        'u' => (value as u64).to_string(),
                        'x' => format!("{:x}", value as u64),
                        'X' => format!("{:X}", value as u64),
                        _ => format!("{:o}", value as u64),
                    };
                    if let Some(p) = spec.precision {
                        if digits.len() < p {
                            digits = format!("{}{digits}", "0".repeat(p - digits.len()));
                        }
                    }
                    if spec.alt && value != 0 {
                        match conv {
                            'x' => digits = format!("0x{digits}"),
                            'X' => digits = format!("0X{digits}"),
                            'o' if !digits.starts_with('0') => digits = format!("0{digits}"),
                            _ => {}
                        }
                    }
                    let sign = if matches!(conv, 'd' | 'i') {
                        if value < 0 {
                            "-"
                        } else if spec.plus {
                            "+"
                        } else if spec.space {
                            " "
                        } else {
                            ""
                        }
                    } else {
                        ""
                    };
                    let mut numeric_spec = spec;
                    if spec.precision.is_some() {
                        numeric_spec.zero = false;
                    }
                    out.extend(pad(format!("{sign}{digits}"), &numeric_spec, true).into_bytes());
                }
                'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                    let value: f64 = match arg_or_empty.trim() {
                        "" => 0.0,
                        t => match t.parse::<f64>() {
                            Ok(v) => v,
                            Err(_) => match parse_int(t) {
                                Some(v) => v as f64,
                                None => {
                                    cx.warn(&format!("invalid number '{t}'"))?;
                                    status = 1;
                                    0.0
                                }
                            },
                        },
                    };
                    let precision = spec.precision.unwrap_or(6).min(64);
                    let mut body = match conv {
                        'f' | 'F' => format!("{value:.precision$}"),
                        'e' | 'E' => c_exponent(value, precision, conv == 'E'),
                        _ => {
                            let p = precision.max(1);
                            let exp = if value == 0.0 { 0 } else { value.abs().log10().floor() as i32 };
                            if exp < -4 || exp >= p as i32 {
                                let s = c_exponent(value, p - 1, conv == 'G');
                                trim_g(&s)
                            } else {
                                let decimals = (p as i32 - 1 - exp).max(0) as usize;
                                trim_g(&format!("{value:.decimals$}"))
                            }
                        }
                    };
                    if value >= 0.0 && spec.plus {
                        body.insert(0, '+');
                    } else if value >= 0.0 && spec.space {
                        body.insert(0, ' ');
                    }
                    out.extend(pad(body, &spec, true).into_bytes());
                }
                other => {
                    cx.out(&out)?;
                    cx.warn(&format!("%{other}: invalid format"))?;
                    return Ok(1);
                }
            }
        }
        // The format is reused while arguments remain (and only if it consumed any).
        if !used_conversion || next >= rest.len() || next == start_next {
            break;
        }
        if out.len() > 1 << 16 {
            cx.out(&out)?;
            out.clear();
            cx.step()?;
        }
    }
    cx.out(&out)?;
    Ok(status)
}

fn c_exponent(value: f64, precision: usize, upper: bool) -> String {
    let s = format!("{value:.precision$e}");
    // Rust writes `1.5e3`; C writes `1.5e+03`.
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    let e = if upper { 'E' } else { 'e' };
    format!("{mantissa}{e}{sign}{:02}", exp.abs())
}

fn trim_g(s: &str) -> String {
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    let mantissa = if mantissa.contains('.') { mantissa.trim_end_matches('0').trim_end_matches('.') } else { mantissa };
    format!("{mantissa}{exp}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(backslash_escapes("a\\tb\\n", true), (b"a\tb\n".to_vec(), false));
        assert_eq!(backslash_escapes("x\\cy", true), (b"x".to_vec(), true));
        assert_eq!(backslash_escapes("\\0101\\x41\\q", true), (b"AA\\q".to_vec(), false));
        assert_eq!(backslash_escapes("\\101", false), (b"A".to_vec(), false));
        assert_eq!(parse_int("'a"), Some(97));
        assert_eq!(parse_int("0x1f"), Some(31));
        assert_eq!(parse_int("x"), None);
        let spec = Spec { zero: true, width: Some(6), ..Spec::default() };
        assert_eq!(pad("-42".to_string(), &spec, true), "-00042");
    }
}
