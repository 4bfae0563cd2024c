//! Reading zstd streams (`+zstd` layers on import) with a bound on the output, as `gzip.rs` does for gzip: a small
//! blob cannot expand past the bound (a decompression bomb), and damaged input is an error, never a panic.

use ruzstd::decoding::StreamingDecoder;
use std::io::Read;

/// The zstd frame magic number, little-endian on the wire.
const MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// Whether `data` starts with the zstd magic bytes.
pub fn is_zstd(data: &[u8]) -> bool {
    data.starts_with(&MAGIC)
}

/// Decompresses every frame of a zstd stream (skippable frames are skipped), refusing output larger than `limit`
/// bytes. Frames are concatenated, as `zstd -d` does.
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let mut input = data;
    let mut out = Vec::new();
    let mut frames = 0usize;
    while !input.is_empty() {
        if let Some(rest) = skip_skippable_frame(input)? {
            input = rest;
            continue;
        }
        if !is_zstd(input) {
            return Err(if frames == 0 {
                "not a zstd stream".to_owned()
            } else {
                format!("unexpected bytes after zstd frame {frames}")
            });
        }
        let decoder = StreamingDecoder::new(&mut input).map_err(|e| format!("the zstd data is damaged ({e})"))?;
        let budget = limit.saturating_sub(out.len()) as u64;
        decoder
            .take(budget.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| format!("the zstd data is damaged ({e})"))?;
        if out.len() > limit {
            return Err(format!("the layer expands to more than {} MiB (layerlab limit)", limit >> 20));
        }
        frames += 1;
    }
    if frames == 0 {
        return Err("not a zstd stream".to_owned());
    }
    Ok(out)
}

/// A skippable frame (magic `0x184D2A5?`, then a 32-bit length): the bytes after it, or `None` for another frame.
fn skip_skippable_frame(input: &[u8]) -> Result<Option<&[u8]>, String> {
    let Some(magic) = input.get(..4) else { return Ok(None) };
    if magic[1..] != [0x2a, 0x4d, 0x18] || magic[0] & 0xf0 != 0x50 {
        return Ok(None);
    }
    let truncated = || "a skippable zstd frame is truncated".to_owned();
    let len = input.get(4..8).ok_or_else(truncated)?;
    let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]);
    let len = usize::try_from(len).map_err(|_| truncated())?;
    input.get(8..).and_then(|rest| rest.get(len..)).map(Some).ok_or_else(truncated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruzstd::encoding::{compress_to_vec, CompressionLevel};

    fn zstd(payload: &[u8]) -> Vec<u8> {
        compress_to_vec(payload, CompressionLevel::Fastest)
    }

    #[test]
    fn round_trips_frames_and_skips_skippable_ones() {
        let payload = b"hello zstd ".repeat(1000);
        assert_eq!(decompress(&zstd(&payload), 1 << 20).unwrap(), payload);
        let mut two = zstd(b"first ");
        two.extend_from_slice(&[0x53, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9]);
        two.extend(zstd(b"second"));
        assert_eq!(decompress(&two, 1024).unwrap(), b"first second");
    }

    #[test]
    fn refuses_bombs_damage_and_other_data() {
        let bomb = zstd(&vec![0u8; 8 << 20]);
        assert!(bomb.len() < 64 << 10);
        let error = decompress(&bomb, 1 << 20).unwrap_err();
        assert!(error.contains("more than 1 MiB"), "{error}");
        let good = zstd(&b"some layer bytes ".repeat(100));
        for end in 0..good.len() {
            assert!(decompress(&good[..end], 1 << 20).is_err(), "prefix of {end} bytes");
        }
        assert_eq!(decompress(b"PK\x03\x04", 1024).unwrap_err(), "not a zstd stream");
        assert_eq!(
            decompress(&[0x50, 0x2a, 0x4d, 0x18, 9, 0, 0, 0], 1024).unwrap_err(),
            "a skippable zstd frame is truncated"
        );
        let mut trailing = good.clone();
        trailing.extend_from_slice(b"junk");
        assert_eq!(decompress(&trailing, 1 << 20).unwrap_err(), "unexpected bytes after zstd frame 1");
    }
}
