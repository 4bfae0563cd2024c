//! The session's simulated registry and `docker push`: repositories of pushed images (the images themselves, shared
//! with the store, not copied) and the layers each repository holds, so a push says `Pushed`, `Layer already
//! exists` or `Mounted from …` per layer the way Docker does, and a later pull finds the image again. Docker Hub's
//! official images are the catalog (pulled from, never pushed to). Nothing leaves the session.

use super::command::parse_flags;
use super::{Outcome, Session};
use crate::images;
use crate::oci::{self, Digest};
use crate::store::Image;
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

impl Session {
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
        let (manifest, digest) = image.manifest();
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
