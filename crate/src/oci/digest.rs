//! Content identifiers: the `sha256:<hex>` digest that names every blob, a writer that hashes what passes through
//! it, and the chain IDs that name a stack of layers (image-format.md, "Identifiers").
//!
//! Only sha256 exists here: it is what Docker writes, and a `Digest` value is always valid (it can only be made by
//! hashing or by [`Digest::parse`]), so code holding one never re-checks it.

use super::{OciError, OciErrorKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256};
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

/// The diff ID of an empty layer: sha256 of the 1024 zero bytes that end every tar (and are all of an empty one).
pub const EMPTY_LAYER_DIFF_ID: &str = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

/// The digest of zero bytes.
pub const EMPTY_DIGEST: &str = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const PREFIX: &str = "sha256:";
const HEX_LEN: usize = 64;
const SHORT_LEN: usize = 12;

/// A validated `sha256:<64 lowercase hex>` digest. Orders and hashes as its text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest(String);

impl Digest {
    /// The digest of `bytes`.
    pub fn sha256(bytes: &[u8]) -> Digest {
        Digest::from_hash(Sha256::digest(bytes).into())
    }

    /// Reads `sha256:<64 lowercase hex>`; anything else (another algorithm, upper case, wrong length) is `None`.
    pub fn parse(text: &str) -> Option<Digest> {
        let hex = text.strip_prefix(PREFIX)?;
        Digest::from_hex(hex)
    }

    /// Reads a bare 64-character lowercase hex string (a blob file name, the hex part of an ID).
    pub fn from_hex(hex: &str) -> Option<Digest> {
        let valid = hex.len() == HEX_LEN && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        valid.then(|| Digest(format!("{PREFIX}{hex}")))
    }

    /// The digest whose raw 32-byte hash is `hash`.
    pub fn from_hash(hash: [u8; 32]) -> Digest {
        let mut text = String::with_capacity(PREFIX.len() + HEX_LEN);
        text.push_str(PREFIX);
        for byte in hash {
            text.push(hex_digit(byte >> 4));
            text.push(hex_digit(byte & 0x0f));
        }
        Digest(text)
    }

    /// The whole text, `sha256:<hex>`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Always `"sha256"`.
    pub fn algorithm(&self) -> &str {
        "sha256"
    }

    /// The 64 hex characters without the algorithm.
    pub fn hex(&self) -> &str {
        self.0.get(PREFIX.len()..).unwrap_or_default()
    }

    /// The first 12 hex characters: the short ID `docker images` prints.
    pub fn short(&self) -> &str {
        self.0.get(PREFIX.len()..PREFIX.len() + SHORT_LEN).unwrap_or_default()
    }
}

fn hex_digit(nibble: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(nibble & 0x0f)])
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Digest {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Digest {
    type Err = OciError;

    fn from_str(text: &str) -> Result<Digest, OciError> {
        Digest::parse(text).ok_or_else(|| invalid_digest(text))
    }
}

/// Explains why `text` is not a digest, in go-digest's words.
pub(crate) fn invalid_digest(text: &str) -> OciError {
    let reason = match text.split_once(':') {
        None => "invalid checksum digest format",
        Some((algorithm, _)) if algorithm != "sha256" => "unsupported digest algorithm (layerlab knows sha256 only)",
        Some((_, hex)) if hex.len() != HEX_LEN => "invalid checksum digest length",
        Some(_) => "invalid checksum digest format (the hex must be lowercase)",
    };
    let shown: String = text.chars().take(80).collect();
    OciError::new(OciErrorKind::Digest, format!("{reason}: {shown:?}"))
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Digest, D::Error> {
        let text = String::deserialize(deserializer)?;
        Digest::parse(&text).ok_or_else(|| serde::de::Error::custom(invalid_digest(&text)))
    }
}

/// Chain IDs for a stack of layers, base first: `ChainID(L0) = diff_id(L0)`, and each next one is the sha256 of the
/// text `"<previous chain ID> <diff_id>"`. The last one names the whole stack (Docker's layer store keys on it).
pub fn chain_ids(diff_ids: &[Digest]) -> Vec<Digest> {
    let mut out: Vec<Digest> = Vec::with_capacity(diff_ids.len());
    for diff_id in diff_ids {
        let next = match out.last() {
            None => diff_id.clone(),
            Some(parent) => Digest::sha256(format!("{parent} {diff_id}").as_bytes()),
        };
        out.push(next);
    }
    out
}

/// The chain ID of the whole stack (`None` for no layers).
pub fn chain_id(diff_ids: &[Digest]) -> Option<Digest> {
    chain_ids(diff_ids).pop()
}

/// An [`io::Write`] that forwards to `inner` and hashes and counts exactly the bytes `inner` accepted, so a blob can
/// be written and named in one pass. `Sha256Writer::sink()` only hashes.
#[derive(Clone, Debug)]
pub struct Sha256Writer<W = io::Sink> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> Sha256Writer<W> {
    pub fn new(inner: W) -> Sha256Writer<W> {
        Sha256Writer { inner, hasher: Sha256::new(), size: 0 }
    }

    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The digest of the bytes written so far (the writer keeps going).
    pub fn digest(&self) -> Digest {
        Digest::from_hash(self.hasher.clone().finalize().into())
    }

    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// The digest and size of everything written, and the inner writer back.
    pub fn finish(self) -> (Digest, u64, W) {
        (Digest::from_hash(self.hasher.finalize().into()), self.size, self.inner)
    }
}

impl Sha256Writer<io::Sink> {
    /// A writer that only hashes and counts.
    pub fn sink() -> Sha256Writer<io::Sink> {
        Sha256Writer::new(io::sink())
    }
}

impl Default for Sha256Writer<io::Sink> {
    fn default() -> Self {
        Sha256Writer::sink()
    }
}

impl<W: Write> Write for Sha256Writer<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        // A misbehaving inner writer could claim more than it was given; hash only what exists.
        let accepted = buf.get(..written).unwrap_or(buf);
        self.hasher.update(accepted);
        self.size = self.size.saturating_add(accepted.len() as u64);
        Ok(accepted.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_of(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn known_digests() {
        assert_eq!(Digest::sha256(b"").as_str(), EMPTY_DIGEST);
        assert_eq!(
            Digest::sha256(b"abc").as_str(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // An empty layer is an empty tar: nothing but the two 512-byte end-of-archive blocks.
        assert_eq!(Digest::sha256(&[0u8; 1024]).as_str(), EMPTY_LAYER_DIFF_ID);
        let mut empty_tar = tar::Builder::new(Vec::new());
        empty_tar.finish().unwrap();
        let empty_tar = empty_tar.into_inner().unwrap();
        assert_eq!(empty_tar.len(), 1024);
        assert_eq!(Digest::sha256(&empty_tar).as_str(), EMPTY_LAYER_DIFF_ID);
    }

    #[test]
    fn accessors() {
        let d = Digest::parse(EMPTY_LAYER_DIFF_ID).unwrap();
        assert_eq!(d.algorithm(), "sha256");
        assert_eq!(d.hex(), "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");
        assert_eq!(d.short(), "5f70bf18a086");
        assert_eq!(d.to_string(), EMPTY_LAYER_DIFF_ID);
        assert_eq!(Digest::from_hex(d.hex()), Some(d.clone()));
        assert_eq!(EMPTY_LAYER_DIFF_ID.parse::<Digest>().unwrap(), d);
        let lower = Digest::parse(&format!("sha256:{}", "0".repeat(64))).unwrap();
        assert!(lower < d);
    }

    #[test]
    fn parse_rejects_everything_but_sha256_lowercase_hex() {
        let hex = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
        assert!(Digest::parse(&format!("sha256:{hex}")).is_some());
        for bad in [
            String::new(),
            hex.to_string(),
            format!("sha256:{}", hex.to_uppercase()),
            format!("sha256:{}", &hex[..63]),
            format!("sha256:{hex}0"),
            format!("sha512:{hex}"),
            format!("SHA256:{hex}"),
            format!("sha256:{}g", &hex[..63]),
            format!(" sha256:{hex}"),
            format!("sha256:{hex}\n"),
            "sha256:".to_string(),
            "sha256:é".to_string(),
        ] {
            assert_eq!(Digest::parse(&bad), None, "{bad:?}");
            assert!(bad.parse::<Digest>().is_err(), "{bad:?}");
        }
        assert!(Digest::from_hex(&hex.to_uppercase()).is_none());
        let message = format!("sha512:{hex}").parse::<Digest>().unwrap_err().to_string();
        assert!(message.contains("unsupported digest algorithm"), "{message}");
        let message = "sha256:abc".parse::<Digest>().unwrap_err().to_string();
        assert!(message.contains("length"), "{message}");
    }

    #[test]
    fn serde_as_a_string() {
        let d = Digest::sha256(b"x");
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, format!("\"{d}\""));
        assert_eq!(serde_json::from_str::<Digest>(&json).unwrap(), d);
        assert!(serde_json::from_str::<Digest>("\"sha256:ABC\"").is_err());
        assert!(serde_json::from_str::<Digest>("42").is_err());
    }

    #[test]
    fn chain_id_of_one_layer_is_its_diff_id() {
        let a = Digest::sha256(b"layer a");
        assert_eq!(chain_ids(std::slice::from_ref(&a)), vec![a.clone()]);
        assert_eq!(chain_id(std::slice::from_ref(&a)), Some(a));
        assert_eq!(chain_ids(&[]), Vec::<Digest>::new());
        assert_eq!(chain_id(&[]), None);
    }

    #[test]
    fn chain_ids_follow_the_formula() {
        let a = Digest::parse(EMPTY_LAYER_DIFF_ID).unwrap();
        let b = Digest::sha256(b"layer b");
        let c = Digest::sha256(b"layer c");
        // By hand, from the exact text "<a> <b>".
        let ab_text = format!("sha256:{} sha256:{}", a.hex(), b.hex());
        let ab = format!("sha256:{}", hex_of(&Sha256::digest(ab_text.as_bytes())));
        let abc_text = format!("{ab} sha256:{}", c.hex());
        let abc = format!("sha256:{}", hex_of(&Sha256::digest(abc_text.as_bytes())));
        let ids = chain_ids(&[a.clone(), b, c]);
        let ids: Vec<&str> = ids.iter().map(Digest::as_str).collect();
        assert_eq!(ids, [a.as_str(), ab.as_str(), abc.as_str()]);
    }

    #[test]
    fn writer_equals_one_shot_hashing() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut writer = Sha256Writer::new(Vec::new());
        for chunk in data.chunks(333) {
            writer.write_all(chunk).unwrap();
        }
        writer.flush().unwrap();
        assert_eq!(writer.size(), data.len() as u64);
        assert_eq!(writer.digest(), Digest::sha256(&data));
        let (digest, size, inner) = writer.finish();
        assert_eq!(digest, Digest::sha256(&data));
        assert_eq!(size, 10_000);
        assert_eq!(inner, data);

        let mut sink = Sha256Writer::sink();
        sink.write_all(b"abc").unwrap();
        assert_eq!(sink.finish().0, Digest::sha256(b"abc"));
        assert_eq!(Sha256Writer::default().finish().0.as_str(), EMPTY_DIGEST);
    }

    #[test]
    fn writer_hashes_only_what_the_inner_writer_took() {
        /// Takes at most 3 bytes per call, like a slow pipe.
        struct Trickle(Vec<u8>);
        impl Write for Trickle {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                let n = buf.len().min(3);
                self.0.extend_from_slice(&buf[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut writer = Sha256Writer::new(Trickle(Vec::new()));
        assert_eq!(writer.write(b"hello world").unwrap(), 3);
        writer.write_all(b"lo world").unwrap();
        let (digest, size, inner) = writer.finish();
        assert_eq!(inner.0, b"hello world");
        assert_eq!((digest, size), (Digest::sha256(b"hello world"), 11));
    }
}
