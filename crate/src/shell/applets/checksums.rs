//! `sha256sum` and `sha512sum` (with `-c` to check a list), computed with the `sha2` crate. MD5 and SHA-1 are not
//! simulated: there is no implementation of them in the core.

use super::{lines, Cx};
use crate::shell::interp::R;
use sha2::{Digest, Sha256, Sha512};

fn digest(name: &str, data: &[u8]) -> String {
    let bytes: Vec<u8> =
        if name.starts_with("sha512") { Sha512::digest(data).to_vec() } else { Sha256::digest(data).to_vec() };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn shasum(cx: &mut Cx) -> R<i32> {
    let name = cx.name();
    let args = cx.args().to_vec();
    let check = args.iter().any(|a| a == "-c" || a == "--check");
    let quiet = args.iter().any(|a| a == "--quiet" || a == "--status" || a == "-s");
    let files: Vec<String> = args.iter().filter(|a| !a.starts_with('-') || *a == "-").cloned().collect();
    let files = if files.is_empty() { vec!["-".to_string()] } else { files };
    let mut status = 0;
    let mut out = String::new();
    for file in &files {
        let data = match cx.read_input(file) {
            Ok(d) => d,
            Err(e) => {
                cx.warn(&format!("{file}: {e}"))?;
                status = 1;
                continue;
            }
        };
        if !check {
            out.push_str(&format!("{}  {file}\n", digest(&name, &data)));
            continue;
        }
        let mut failed = 0;
        for line in lines(&data) {
            let Some((want, target)) = line.split_once("  ").or_else(|| line.split_once(" *")) else { continue };
            let result = match cx.read_input(target) {
                Ok(bytes) => digest(&name, &bytes) == want.trim().to_lowercase(),
                Err(e) => {
                    cx.warn(&format!("{target}: {e}"))?;
                    false
                }
            };
            if !result {
                failed += 1;
            }
            if !quiet && (!result || !args.iter().any(|a| a == "--quiet")) {
                out.push_str(&format!("{target}: {}\n", if result { "OK" } else { "FAILED" }));
            }
        }
        if failed > 0 {
            status = 1;
            cx.outs(&std::mem::take(&mut out))?;
            let plural = if failed == 1 { "" } else { "s" };
            cx.warn(&format!("WARNING: {failed} computed checksum{plural} did NOT match"))?;
        }
    }
    cx.outs(&out)?;
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(digest("sha256sum", b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert!(digest("sha512sum", b"abc").starts_with("ddaf35a193617aba"));
    }
}
