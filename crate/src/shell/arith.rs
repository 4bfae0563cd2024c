//! Shell arithmetic (`$((…))`): C-like integer expressions over 64-bit signed integers with wrapping overflow,
//! variables read and assigned through [`ArithEnv`], short-circuit `&&`, `||` and `?:`. Errors use dash's wording
//! (`arithmetic expression: division by zero: "1/0"`); nesting is bounded so no input can exhaust the stack.

/// Where arithmetic reads and writes shell variables.
pub trait ArithEnv {
    fn get_var(&self, name: &str) -> Option<String>;
    fn set_var(&mut self, name: &str, value: i64);
}

const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(i64),
    Name(String),
    Op(&'static str),
    End,
}

const OPS: [&str; 40] = [
    "<<=", ">>=", "**", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=",
    "++", "--", "+", "-", "*", "/", "%", "<", ">", "&", "^", "|", "!", "~", "?", ":", "(", ")", "=", ",", " ",
];

struct Eval<'e> {
    toks: Vec<Tok>,
    pos: usize,
    env: &'e mut dyn ArithEnv,
    depth: usize,
    text: String,
}

/// Evaluates `text`; `Err` carries the message to print after `sh: `.
pub fn evaluate(text: &str, env: &mut dyn ArithEnv) -> Result<i64, String> {
    evaluate_at(text, env, 0)
}

fn evaluate_at(text: &str, env: &mut dyn ArithEnv, depth: usize) -> Result<i64, String> {
    let toks = tokenize(text).map_err(|what| format!("arithmetic expression: {what}: \"{text}\""))?;
    if toks.len() == 1 {
        return Ok(0);
    }
    let mut eval = Eval { toks, pos: 0, env, depth, text: text.to_string() };
    let value = eval.comma(true)?;
    if eval.peek() != &Tok::End {
        return Err(eval.error("expecting EOF"));
    }
    Ok(value)
}

/// Parses an integer constant the way arithmetic does: decimal, `0x` hex, leading-0 octal.
pub fn parse_number(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        u64::from_str_radix(hex, 16).ok()? as i64
    } else if digits.len() > 1 && digits.starts_with('0') {
        u64::from_str_radix(&digits[1..], 8).ok()? as i64
    } else {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse::<u64>().ok()? as i64
    };
    Some(if neg { value.wrapping_neg() } else { value })
}

fn tokenize(text: &str) -> Result<Vec<Tok>, String> {
    let bytes = text.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let word = &text[start..i];
            let value = parse_number(word).ok_or_else(|| "expecting primary".to_string())?;
            toks.push(Tok::Num(value));
            continue;
        }
        if b == b'_' || b.is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            toks.push(Tok::Name(text[start..i].to_string()));
            continue;
        }
        let rest = &text[i..];
        match OPS.iter().find(|op| **op != " " && rest.starts_with(**op)) {
            Some(op) => {
                toks.push(Tok::Op(op));
                i += op.len();
            }
            None => return Err("expecting primary".to_string()),
        }
    }
    toks.push(Tok::End);
    Ok(toks)
}

fn binary_level(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "|" => 3,
        "^" => 4,
        "&" => 5,
        "==" | "!=" => 6,
        "<" | "<=" | ">" | ">=" => 7,
        "<<" | ">>" => 8,
        "+" | "-" => 9,
        "*" | "/" | "%" => 10,
        "**" => 11,
        _ => return None,
    })
}

impl Eval<'_> {
    fn peek(&self) -> &Tok {
        self.toks.get(self.pos).unwrap_or(&Tok::End)
    }

    fn bump(&mut self) -> Tok {
        let tok = self.peek().clone();
        self.pos += 1;
        tok
    }

    fn error(&self, what: &str) -> String {
        format!("arithmetic expression: {what}: \"{}\"", self.text)
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        Ok(())
    }

    fn var_value(&mut self, name: &str) -> Result<i64, String> {
        let Some(value) = self.env.get_var(name) else { return Ok(0) };
        if value.trim().is_empty() {
            return Ok(0);
        }
        if let Some(n) = parse_number(&value) {
            return Ok(n);
        }
        if self.depth + 8 > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        evaluate_at(&value, self.env, self.depth + 8)
    }

    fn comma(&mut self, live: bool) -> Result<i64, String> {
        let mut value = self.assign(live)?;
        while self.peek() == &Tok::Op(",") {
            self.pos += 1;
            value = self.assign(live)?;
        }
        Ok(value)
    }

    fn assign(&mut self, live: bool) -> Result<i64, String> {
        self.enter()?;
        let result = self.assign_inner(live);
        self.depth -= 1;
        result
    }

    fn assign_inner(&mut self, live: bool) -> Result<i64, String> {
        if let (Tok::Name(name), Some(Tok::Op(op))) = (self.peek().clone(), self.toks.get(self.pos + 1).cloned()) {
            let compound = match op {
                "=" => Some(""),
                "+=" | "-=" | "*=" | "/=" | "%=" | "&=" | "^=" | "|=" => Some(&op[..1]),
                "<<=" | ">>=" => Some(&op[..2]),
                _ => None,
            };
            if let Some(binop) = compound {
                self.pos += 2;
                let rhs = self.assign(live)?;
                if !live {
                    return Ok(0);
                }
                let value = if binop.is_empty() {
                    rhs
                } else {
                    let current = self.var_value(&name)?;
                    self.apply(binop, current, rhs)?
                };
                self.env.set_var(&name, value);
                return Ok(value);
            }
        }
        self.ternary(live)
    }

    fn ternary(&mut self, live: bool) -> Result<i64, String> {
        let cond = self.binary(1, live)?;
        if self.peek() != &Tok::Op("?") {
            return Ok(cond);
        }
        self.pos += 1;
        self.enter()?;
        let yes = self.comma(live && cond != 0)?;
        if self.bump() != Tok::Op(":") {
            return Err(self.error("expecting ':'"));
        }
        let no = self.assign(live && cond == 0)?;
        self.depth -= 1;
        Ok(if cond != 0 { yes } else { no })
    }

    fn binary(&mut self, min: u8, live: bool) -> Result<i64, String> {
        let mut lhs = self.unary(live)?;
        while let Tok::Op(op) = self.peek().clone() {
            let Some(level) = binary_level(op) else { break };
            if level < min {
                break;
            }
            self.pos += 1;
            // `**` is right-associative; everything else left.
            let next_min = if op == "**" { level } else { level + 1 };
            match op {
                "&&" => {
                    let rhs = self.binary(next_min, live && lhs != 0)?;
                    lhs = i64::from(lhs != 0 && rhs != 0);
                }
                "||" => {
                    let rhs = self.binary(next_min, live && lhs == 0)?;
                    lhs = i64::from(lhs != 0 || rhs != 0);
                }
                _ => {
                    let rhs = self.binary(next_min, live)?;
                    lhs = if live { self.apply(op, lhs, rhs)? } else { 0 };
                }
            }
        }
        Ok(lhs)
    }

    fn apply(&self, op: &str, a: i64, b: i64) -> Result<i64, String> {
        Ok(match op {
            "|" => a | b,
            "^" => a ^ b,
            "&" => a & b,
            "==" => i64::from(a == b),
            "!=" => i64::from(a != b),
            "<" => i64::from(a < b),
            "<=" => i64::from(a <= b),
            ">" => i64::from(a > b),
            ">=" => i64::from(a >= b),
            "<<" => a.wrapping_shl((b & 63) as u32),
            ">>" => a.wrapping_shr((b & 63) as u32),
            "+" => a.wrapping_add(b),
            "-" => a.wrapping_sub(b),
            "*" => a.wrapping_mul(b),
            "/" | "%" => {
                if b == 0 {
                    return Err(self.error("division by zero"));
                }
                if op == "/" {
                    a.wrapping_div(b)
                } else {
                    a.wrapping_rem(b)
                }
            }
            "**" => {
                if b < 0 {
                    return Err(self.error("exponent less than 0"));
                }
                let mut result: i64 = 1;
                let mut base = a;
                let mut exp = b as u64;
                while exp > 0 {
                    if exp & 1 == 1 {
                        result = result.wrapping_mul(base);
                    }
                    base = base.wrapping_mul(base);
                    exp >>= 1;
                }
                result
            }
            _ => return Err(self.error("expecting primary")),
        })
    }

    fn unary(&mut self, live: bool) -> Result<i64, String> {
        self.enter()?;
        let result = self.unary_inner(live);
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self, live: bool) -> Result<i64, String> {
        match self.bump() {
            Tok::Num(n) => Ok(n),
            Tok::Name(name) => {
                if let Tok::Op(op @ ("++" | "--")) = self.peek().clone() {
                    self.pos += 1;
                    if !live {
                        return Ok(0);
                    }
                    let value = self.var_value(&name)?;
                    let new = if op == "++" { value.wrapping_add(1) } else { value.wrapping_sub(1) };
                    self.env.set_var(&name, new);
                    return Ok(value);
                }
                if live {
                    self.var_value(&name)
                } else {
                    Ok(0)
                }
            }
            Tok::Op("(") => {
                let value = self.comma(live)?;
                if self.bump() != Tok::Op(")") {
                    return Err(self.error("expecting ')'"));
                }
                Ok(value)
            }
            Tok::Op(op @ ("++" | "--")) => {
                let Tok::Name(name) = self.bump() else { return Err(self.error("expecting primary")) };
                if !live {
                    return Ok(0);
                }
                let value = self.var_value(&name)?;
                let new = if op == "++" { value.wrapping_add(1) } else { value.wrapping_sub(1) };
                self.env.set_var(&name, new);
                Ok(new)
            }
            Tok::Op("-") => Ok(self.unary(live)?.wrapping_neg()),
            Tok::Op("+") => self.unary(live),
            Tok::Op("!") => Ok(i64::from(self.unary(live)? == 0)),
            Tok::Op("~") => Ok(!self.unary(live)?),
            _ => Err(self.error("expecting primary")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct Vars(BTreeMap<String, String>);
    impl ArithEnv for Vars {
        fn get_var(&self, name: &str) -> Option<String> {
            self.0.get(name).cloned()
        }
        fn set_var(&mut self, name: &str, value: i64) {
            self.0.insert(name.to_string(), value.to_string());
        }
    }

    fn ev(text: &str) -> Result<i64, String> {
        let mut vars = Vars(BTreeMap::new());
        vars.0.insert("x".into(), "5".into());
        vars.0.insert("e".into(), "x*2".into());
        evaluate(text, &mut vars)
    }

    #[test]
    fn arithmetic() {
        assert_eq!(ev("1 + 2 * 3"), Ok(7));
        assert_eq!(ev("(1 + 2) * 3"), Ok(9));
        assert_eq!(ev("7 / 2"), Ok(3));
        assert_eq!(ev("-7 % 3"), Ok(-1));
        assert_eq!(ev("x + 1"), Ok(6));
        assert_eq!(ev("y + 1"), Ok(1));
        assert_eq!(ev("e + 1"), Ok(11));
        assert_eq!(ev("x > 3 && x < 10"), Ok(1));
        assert_eq!(ev("0 || 0"), Ok(0));
        assert_eq!(ev("x ? 10 : 20"), Ok(10));
        assert_eq!(ev("0x10 + 010"), Ok(24));
        assert_eq!(ev("1 << 4"), Ok(16));
        assert_eq!(ev("2 ** 10"), Ok(1024));
        assert_eq!(ev("x = 3, x * x"), Ok(9));
        assert_eq!(ev("x += 2"), Ok(7));
        assert_eq!(ev("!0 + ~0"), Ok(0));
        assert_eq!(ev(""), Ok(0));
        assert_eq!(ev("9223372036854775807 + 1"), Ok(i64::MIN));
        assert_eq!(ev("0 && 1/0"), Ok(0));
    }

    #[test]
    fn errors() {
        assert_eq!(ev("1/0"), Err("arithmetic expression: division by zero: \"1/0\"".into()));
        assert!(ev("1 +").is_err());
        assert!(ev("(1").is_err());
        assert!(ev("1 2").is_err());
        assert!(ev("08").is_err());
        assert!(ev(&"(".repeat(10_000)).is_err());
        assert!(ev(&"-".repeat(10_000)).is_err());
        assert!(ev("x @ 1").is_err());
    }
}
