//! The session's simulated registry and `docker push`: repositories of pushed images (the images themselves, shared
//! with the store, not copied) and the layers each repository holds, so a push says `Pushed`, `Layer already
//! exists` or `Mounted from …` per layer the way Docker does, and a later pull finds the image again. Docker Hub's
//! official images are the catalog (pulled from, never pushed to). Nothing leaves the session.
//!
//! A registry stores what Docker uploads: each layer gzip-compressed and a distribution manifest
//! (`application/vnd.docker.distribution.manifest.v2+json`, written as Docker's `json.MarshalIndent(m, "", "   ")`)
//! naming the config and the compressed blobs. So the digest `docker push` prints (`latest: digest: sha256:… size:
//! 528`), the `Digest:` of a pull, `RepoDigests` and `docker images --digests` are that manifest's, and the IDs on a
//! pull's progress lines are the compressed blobs' — while a push's progress lines name the layers by their
//! uncompressed diff IDs, as Docker's classic store does (`distribution/push_v2.go`: `ID()` is the diff ID). The
//! compression is deterministic (miniz level 6 behind a fixed header with mtime 0, as Go's `gzip.Writer` writes it),
//! so the digests are stable, though a real Docker's deflate gives other bytes; each layer is compressed once per
//! session.

use super::command::parse_flags;
use super::{Outcome, Session};
use crate::images;
use crate::oci::{self, Digest};
use crate::store::{Image, Layer};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One repository (`docker.io/lee20h/hello`, `localhost:5000/web`).
#[derive(Clone, Debug, Default)]
pub struct Repository {
    pub tags: BTreeMap<String, Arc<Image>>,
    /// The layers (diff IDs) the repository holds.
    pub blobs: BTreeSet<Digest>,
}

/// Repositories by full name (`docker.io/lee20h/hello`).
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub repositories: BTreeMap<String, Repository>,
}

impl Registry {
    /// The image a pushed reference names, if it was pushed.
    pub fn get(&self, reference: &oci::Reference) -> Option<Arc<Image>> {
        let repo = self.repositories.get(&reference.name())?;
        repo.tags.get(reference.tag().unwrap_or("latest")).cloned()
    }
}

/// Go's `gzip.Writer` header with no name and mtime 0: ID1 ID2, deflate, no flags, mtime 0, XFL 0, OS 255 (unknown).
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// The CRC-32 (IEEE) table, for the gzip trailer.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &b| CRC_TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8))
}

/// `tar` as a gzip stream, deterministically.
pub(super) fn gzip(tar: &[u8]) -> Vec<u8> {
    let body = miniz_oxide::deflate::compress_to_vec(tar, 6);
    let mut out = Vec::with_capacity(body.len() + 18);
    out.extend_from_slice(&GZIP_HEADER);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(tar).to_le_bytes());
    out.extend_from_slice(&(tar.len() as u32).to_le_bytes());
    out
}

/// Docker's distribution manifest (schema 2) for a config and compressed layers, byte for byte as Docker writes it.
pub(super) fn distribution_manifest(config: (&Digest, u64), layers: &[(Digest, u64)]) -> Vec<u8> {
    use crate::oci::media_types::{DOCKER_CONFIG, DOCKER_LAYER_GZIP, DOCKER_MANIFEST};
    let mut text = format!(
        "{{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"{DOCKER_MANIFEST}\",\n   \"config\": {{\n      \"mediaType\": \
         \"{DOCKER_CONFIG}\",\n      \"size\": {},\n      \"digest\": \"{}\"\n   }},\n   \"layers\": [",
        config.1, config.0
    );
    for (i, (digest, size)) in layers.iter().enumerate() {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(&format!(
            "      {{\n         \"mediaType\": \"{DOCKER_LAYER_GZIP}\",\n         \"size\": {size},\n         \
             \"digest\": \"{digest}\"\n      }}"
        ));
    }
    text.push_str(if layers.is_empty() { "]\n}" } else { "\n   ]\n}" });
    text.into_bytes()
}

impl Session {
    /// A layer as a registry stores it: the digest and size of its gzip-compressed tar, compressed once per session.
    pub(super) fn blob_of(&mut self, layer: &Layer) -> (Digest, u64) {
        if let Some(blob) = self.blobs.get(&layer.diff_id) {
            return blob.clone();
        }
        let compressed = gzip(&layer.tar_bytes());
        let blob = (Digest::sha256(&compressed), compressed.len() as u64);
        self.blobs.insert(layer.diff_id.clone(), blob.clone());
        blob
    }

    /// The distribution manifest a registry holds for `image`, and its digest (what `RepoDigests` name).
    pub(super) fn registry_manifest(&mut self, image: &Image) -> (Vec<u8>, Digest) {
        let layers: Vec<(Digest, u64)> = image.layers.iter().map(|l| self.blob_of(l)).collect();
        let bytes = distribution_manifest((&image.id, image.config_bytes.len() as u64), &layers);
        let digest = Digest::sha256(&bytes);
        (bytes, digest)
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Where Docker Hub already has `diff_id`: an official image's repository path (`library/ubuntu`), when a catalog
    /// image in the store holds it.
    fn library_source(&self, diff_id: &Digest) -> Option<String> {
        for image in self.store.images() {
            if image.parent.is_some() || !image.layers.iter().any(|l| &l.diff_id == diff_id) {
                continue;
            }
            for tag in self.store.tags_of(&image.id) {
                if images::lookup(&tag, self.options.arch).is_some_and(|entry| {
                    entry.layers.len() == image.layers.len() && entry.defaults.cmd == image.config.config.cmd
                }) {
                    let name = tag.split(':').next().unwrap_or_default();
                    return Some(format!("library/{name}"));
                }
            }
        }
        None
    }

    /// `docker push NAME[:TAG]`.
    pub(super) fn push(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse_flags(args, &[super::command::flag(Some('a'), "all-tags")], true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker push --help'."), 1),
        };
        let [reference] = parsed.args.as_slice() else {
            return Outcome::fail(
                "\"docker push\" requires exactly 1 argument.\nSee 'docker push --help'.\n\nUsage:  docker push \
                 [OPTIONS] NAME[:TAG]\n\nUpload an image to a registry",
                1,
            );
        };
        let parsed_ref = match oci::Reference::parse(reference) {
            Ok(r) if r.digest().is_none() => r,
            Ok(_) => return Outcome::fail("layerlab: push a tag, not a digest", 1),
            Err(e) => return Outcome::fail(e.to_string(), 1),
        };
        let tag = parsed_ref.tag().unwrap_or("latest").to_string();
        let familiar = format!("{}:{tag}", parsed_ref.familiar_name());
        let mut outcome = Outcome::default();
        if !super::command::names_tag_or_digest(reference) {
            outcome.out("Using default tag: latest\n");
        }
        let Some(image) = self.store.resolve(&familiar) else {
            outcome.err(format!("An image does not exist locally with the tag: {}\n", parsed_ref.familiar_name()));
            outcome.exit_code = 1;
            return outcome;
        };
        let name = parsed_ref.name();
        outcome.out(format!("The push refers to repository [{name}]\n"));
        if parsed_ref.is_docker_hub() && parsed_ref.path().starts_with("library/") {
            // Official images belong to Docker; nobody's login can push there.
            for layer in image.layers.iter().rev() {
                outcome.out(format!("{}: Preparing\n", layer.diff_id.short()));
            }
            outcome.err("denied: requested access to the resource is denied\n");
            outcome.err(format!(
                "(layerlab: {} is an official image's repository; push under your own name instead, e.g. `docker tag \
                 {familiar} student/{}` then `docker push student/{}`)\n",
                parsed_ref.familiar_name(),
                familiar,
                familiar
            ));
            outcome.exit_code = 1;
            return outcome;
        }
        let mut lines = Vec::new();
        let mut pushed = BTreeSet::new();
        for layer in image.layers.iter().rev() {
            let here = self.registry.repositories.get(&name).is_some_and(|r| r.blobs.contains(&layer.diff_id));
            let state = if here || pushed.contains(&layer.diff_id) {
                "Layer already exists".to_string()
            } else if let Some(source) = self.library_source(&layer.diff_id) {
                format!("Mounted from {source}")
            } else if let Some((other, _)) =
                self.registry.repositories.iter().find(|(n, r)| **n != name && r.blobs.contains(&layer.diff_id))
            {
                let path = other.split_once('/').map(|(_, p)| p).unwrap_or(other);
                format!("Mounted from {path}")
            } else {
                "Pushed".to_string()
            };
            pushed.insert(layer.diff_id.clone());
            lines.push(format!("{}: {state}\n", layer.diff_id.short()));
        }
        for line in lines {
            outcome.out(line);
        }
        let (manifest, digest) = self.registry_manifest(&image);
        let repo = self.registry.repositories.entry(name).or_default();
        repo.blobs.extend(image.layers.iter().map(|l| l.diff_id.clone()));
        repo.tags.insert(tag.clone(), image.clone());
        let repo_digest = format!("{}@{digest}", parsed_ref.familiar_name());
        let digests = self.repo_digests.entry(image.id.clone()).or_default();
        if !digests.contains(&repo_digest) {
            digests.push(repo_digest);
        }
        outcome.out(format!("{tag}: digest: {digest} size: {}\n", manifest.len()));
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_are_gzipped_deterministically() {
        let tar = b"some tar bytes ".repeat(500);
        let compressed = gzip(&tar);
        assert_eq!(&compressed[..10], &GZIP_HEADER, "Go's header: no name, mtime 0, OS unknown");
        assert_eq!(compressed, gzip(&tar));
        assert!(compressed.len() < tar.len() / 10);
        assert_eq!(crate::layer::gzip::decompress(&compressed, 1 << 20).unwrap(), tar);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crate::layer::gzip::decompress(&gzip(b""), 16).unwrap(), b"");
    }

    #[test]
    fn the_manifest_is_written_as_docker_writes_it() {
        let config = Digest::sha256(b"config");
        let layer = Digest::sha256(b"layer");
        let one = String::from_utf8(distribution_manifest((&config, 1469), &[(layer.clone(), 3_623_807)])).unwrap();
        let expected = format!(
            "{{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\",\n   \
             \"config\": {{\n      \"mediaType\": \"application/vnd.docker.container.image.v1+json\",\n      \"size\": \
             1469,\n      \"digest\": \"{config}\"\n   }},\n   \"layers\": [\n      {{\n         \"mediaType\": \
             \"application/vnd.docker.image.rootfs.diff.tar.gzip\",\n         \"size\": 3623807,\n         \"digest\": \
             \"{layer}\"\n      }}\n   ]\n}}"
        );
        assert_eq!(one, expected);
        assert_eq!(one.len(), 528, "a one-layer push says `size: 528`, as Docker's do");
        let parsed: serde_json::Value = serde_json::from_str(&one).unwrap();
        assert_eq!(parsed["layers"][0]["digest"], layer.to_string());
        let two = distribution_manifest((&config, 1469), &[(layer.clone(), 1), (layer, 2)]);
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&two).unwrap()["layers"].as_array().unwrap().len(), 2);
        let none = String::from_utf8(distribution_manifest((&config, 2), &[])).unwrap();
        assert!(none.ends_with("\"layers\": []\n}"), "{none}");
    }

    #[test]
    fn push_and_pull_name_the_compressed_blobs_and_the_manifest() {
        let mut s = Session::new(1_735_689_600);
        s.execute("docker pull alpine");
        s.execute("docker run --name c alpine touch /x");
        s.execute("docker commit c student/x:1");
        let image = s.store().resolve("student/x:1").unwrap();
        let pushed = s.execute("docker push student/x:1");
        let (manifest, digest) = s.registry_manifest(&image);
        assert!(
            pushed.stdout().ends_with(&format!("1: digest: {digest} size: {}\n", manifest.len())),
            "{}",
            pushed.text()
        );
        // Push progress names the layers by diff ID (Docker's classic store does).
        assert!(pushed.stdout().contains(&format!("{}: Pushed\n", image.layers[1].diff_id.short())));
        let blobs: Vec<(Digest, u64)> = image.layers.iter().map(|l| s.blobs[&l.diff_id].clone()).collect();
        for (layer, (blob, size)) in image.layers.iter().zip(&blobs) {
            let compressed = gzip(&layer.tar_bytes());
            assert_eq!((&Digest::sha256(&compressed), compressed.len() as u64), (blob, *size));
        }
        s.execute("docker rmi student/x:1");
        let pulled = s.execute("docker pull student/x:1");
        assert!(pulled.stdout().contains(&format!("{}: Pull complete\n", blobs[1].0.short())), "{}", pulled.text());
        assert!(pulled.stdout().contains(&format!("{}: Already exists\n", blobs[0].0.short())), "{}", pulled.text());
        assert!(pulled.stdout().contains(&format!("Digest: {digest}\n")));
        let inspect = s.execute("docker inspect -f '{{index .RepoDigests 0}}' student/x:1");
        assert_eq!(inspect.stdout(), format!("student/x@{digest}\n"));
        assert!(s.execute("docker images --digests student/x").stdout().contains(&digest.to_string()));
    }
}
