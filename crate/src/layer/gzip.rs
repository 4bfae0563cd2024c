//! Reading gzip streams (`.tar.gz` in ADD, gzip-compressed layers on import) with a bound on the output, so that a
//! small file cannot expand into gigabytes (a decompression bomb): past the bound the read stops with an error.

use miniz_oxide::inflate::{decompress_to_vec_with_limit, DecompressError, TINFLStatus};

/// Whether `data` starts with the gzip magic bytes.
pub fn is_gzip(data: &[u8]) -> bool {
    data.starts_with(&[0x1f, 0x8b])
}

/// Decompresses one gzip member (RFC 1952), refusing output larger than `limit` bytes. Concatenated members and
/// trailing bytes after the first member are ignored, as `gzip -d` warns about them but tar readers do not care.
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let body = skip_header(data)?;
    match decompress_to_vec_with_limit(body, limit) {
        Ok(out) => Ok(out),
        Err(DecompressError { status: TINFLStatus::HasMoreOutput, .. }) => {
            Err(format!("the archive expands to more than {} MiB (layerlab limit)", limit >> 20))
        }
        Err(DecompressError { status: TINFLStatus::FailedCannotMakeProgress, .. }) => {
            Err("the gzip data ends early (the file is truncated)".to_string())
        }
        Err(_) => Err("the gzip data is damaged (not a valid deflate stream)".to_string()),
    }
}

fn skip_header(data: &[u8]) -> Result<&[u8], String> {
    if data.len() < 18 || !is_gzip(data) {
        return Err("not a gzip stream".into());
    }
    if data[2] != 8 {
        return Err(format!("unsupported gzip compression method {}", data[2]));
    }
    let flags = data[3];
    let mut at = 10;
    let truncated = || "the gzip header is truncated".to_string();
    if flags & 0x04 != 0 {
        let len = usize::from(*data.get(at).ok_or_else(truncated)?)
            | usize::from(*data.get(at + 1).ok_or_else(truncated)?) << 8;
        at += 2 + len;
    }
    for flag in [0x08, 0x10] {
        if flags & flag != 0 {
            let end = data.get(at..).ok_or_else(truncated)?.iter().position(|&b| b == 0).ok_or_else(truncated)?;
            at += end + 1;
        }
    }
    if flags & 0x02 != 0 {
        at += 2;
    }
    data.get(at..).ok_or_else(truncated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use miniz_oxide::deflate::compress_to_vec;

    fn gzip(payload: &[u8]) -> Vec<u8> {
        let mut out = vec![0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3];
        out.extend_from_slice(b"name.tar\0");
        out.extend_from_slice(&compress_to_vec(payload, 6));
        out.extend_from_slice(&[0; 8]);
        out
    }

    #[test]
    fn round_trips_and_refuses_bombs() {
        let payload = b"hello gzip ".repeat(1000);
        assert_eq!(decompress(&gzip(&payload), 1 << 20).unwrap(), payload);
        let bomb = gzip(&vec![0u8; 8 << 20]);
        assert!(bomb.len() < 64 << 10);
        let error = decompress(&bomb, 1 << 20).unwrap_err();
        assert!(error.contains("more than 1 MiB"), "{error}");
        assert!(decompress(b"\x1f\x8b\x08\x00", 1024).is_err());
        let payload = b"some text that compresses ".repeat(200);
        let whole = gzip(&payload);
        let error = decompress(&whole[..whole.len() / 2], 1 << 20).unwrap_err();
        assert_eq!(error, "the gzip data ends early (the file is truncated)");
        let mut damaged = whole.clone();
        damaged[19] = 0xff;
        damaged[20] = 0xff;
        assert!(decompress(&damaged, 1 << 20).unwrap_err().contains("damaged"));
    }
}
