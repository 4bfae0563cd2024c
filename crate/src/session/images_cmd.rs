//! The image commands of a session: `docker images`, `tag`, `rmi`, `pull` (from the built-in catalog, standing in
//! for Docker Hub), `history` and `search`.

use super::command::{flag, option, parse_flags};
use super::table::{ago, ellipsis, human_size, render};
use super::{ContainerState, Outcome, Session};
use crate::build::base;
use crate::images;
use crate::oci::{self, Digest};
use crate::store::Image;
use std::collections::BTreeSet;
use std::sync::Arc;

fn usage_error(command: &str, message: &str) -> Outcome {
    Outcome::fail(format!("{message}\nSee 'docker {command} --help'."), 1)
}

/// Docker's name for a missing image: the reference normalised to `name:tag`.
fn missing_name(reference: &str) -> String {
    match oci::Reference::parse(reference) {
        Ok(r) if r.digest().is_none() && r.tag().is_none() => format!("{}:latest", r.familiar_name()),
        Ok(r) => r.familiar(),
        Err(_) => reference.to_string(),
    }
}

impl Session {
    fn created_of(image: &Image) -> u64 {
        image.config.created.as_deref().and_then(oci::parse_rfc3339).and_then(|t| u64::try_from(t).ok()).unwrap_or(0)
    }

    /// Images that name `id` as their parent.
    fn children_of(&self, id: &Digest) -> usize {
        self.store.images().filter(|i| i.parent.as_ref() == Some(id)).count()
    }

    /// `docker images [-a] [-q] [--digests] [--no-trunc] [--filter dangling=true|false] [REPOSITORY[:TAG]]`.
    pub(super) fn images(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag(Some('a'), "all"),
            flag(Some('q'), "quiet"),
            flag(None, "digests"),
            flag(None, "no-trunc"),
            option(Some('f'), "filter"),
        ];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return usage_error("images", &e),
        };
        if parsed.args.len() > 1 {
            return usage_error("images", "\"docker images\" requires at most 1 argument.");
        }
        let mut dangling = None;
        for filter in parsed.all("filter") {
            match filter.split_once('=') {
                Some(("dangling", "true" | "1")) => dangling = Some(true),
                Some(("dangling", "false" | "0")) => dangling = Some(false),
                Some(("dangling", value)) => {
                    return Outcome::fail(format!("Error response from daemon: Invalid filter 'dangling=[{value}]'"), 1)
                }
                _ => {
                    return Outcome::fail(
                        format!("layerlab: only the `dangling` filter is simulated (got `{filter}`)"),
                        1,
                    )
                }
            }
        }
        let wanted = parsed.args.first().map(|r| {
            // `docker images student/web` lists every tag of the repository; only a tag typed narrows it.
            let tagged = super::command::names_tag_or_digest(r);
            oci::Reference::parse(r).map(|p| (p.familiar_name(), p.tag().filter(|_| tagged).map(str::to_string)))
        });
        let wanted = match wanted {
            Some(Ok(w)) => Some(w),
            Some(Err(e)) => return Outcome::fail(e.to_string(), 1),
            None => None,
        };
        let all = parsed.has("all");
        let no_trunc = parsed.has("no-trunc");
        // One row per tag; untagged images as <none>:<none> (intermediate ones only with -a).
        let mut rows: Vec<(u64, String, String, Arc<Image>)> = Vec::new();
        for image in self.store.images() {
            let tags = self.store.tags_of(&image.id);
            let untagged = tags.is_empty();
            if let Some(want) = dangling {
                if want != (untagged && self.children_of(&image.id) == 0) {
                    continue;
                }
            }
            if untagged {
                if wanted.is_some() || (!all && self.children_of(&image.id) > 0) {
                    continue;
                }
                rows.push((Session::created_of(image), "<none>".into(), "<none>".into(), image.clone()));
            }
            for tag in tags {
                let (repo, t) = match tag.rsplit_once(':') {
                    Some((r, t)) if !t.contains('/') => (r.to_string(), t.to_string()),
                    _ => (tag.clone(), "<none>".to_string()),
                };
                if let Some((name, want_tag)) = &wanted {
                    if name != &repo || want_tag.as_ref().is_some_and(|w| w != &t) {
                        continue;
                    }
                }
                rows.push((Session::created_of(image), repo, t, image.clone()));
            }
        }
        // Newest first; ties by name so the order is stable.
        rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)).then_with(|| a.2.cmp(&b.2)));
        let mut outcome = Outcome::default();
        if parsed.has("quiet") {
            for (_, _, _, image) in &rows {
                outcome.out(format!("{}\n", if no_trunc { image.id.as_str() } else { image.id.short() }));
            }
            return outcome;
        }
        let digests = parsed.has("digests");
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|(created, repo, tag, image)| {
                let mut row = vec![repo.clone(), tag.clone()];
                if digests {
                    let digest = self
                        .repo_digests
                        .get(&image.id)
                        .and_then(|d| d.iter().find(|d| d.starts_with(&format!("{repo}@"))))
                        .and_then(|d| d.split_once('@'))
                        .map(|(_, d)| d.to_string())
                        .unwrap_or_else(|| "<none>".to_string());
                    row.push(digest);
                }
                row.push(if no_trunc { image.id.to_string() } else { image.id.short().to_string() });
                row.push(ago(self.clock, *created));
                row.push(human_size(image.size()));
                row
            })
            .collect();
        let header: &[&str] = if digests {
            &["REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE"]
        } else {
            &["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]
        };
        outcome.out(render(header, &table));
        outcome
    }

    /// `docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`.
    pub(super) fn tag(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse_flags(args, &[], true) {
            Ok(p) => p,
            Err(e) => return usage_error("tag", &e),
        };
        let [source, target] = parsed.args.as_slice() else {
            return usage_error("tag", "\"docker tag\" requires exactly 2 arguments.\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nCreate a tag TARGET_IMAGE that refers to SOURCE_IMAGE");
        };
        let target_ref = match oci::Reference::parse(target) {
            Ok(r) if r.digest().is_some() => {
                return Outcome::fail("Error response from daemon: refusing to create a tag with a digest reference", 1)
            }
            Ok(r) => r,
            Err(e) => {
                return Outcome::fail(
                    format!("Error parsing reference: \"{target}\" is not a valid repository/tag: {e}"),
                    1,
                )
            }
        };
        let Some(image) = self.store.resolve(source) else {
            return Outcome::fail(format!("Error response from daemon: No such image: {}", missing_name(source)), 1);
        };
        let name = match target_ref.tag() {
            Some(_) => target_ref.familiar(),
            None => format!("{}:latest", target_ref.familiar_name()),
        };
        self.store.tag(&name, &image.id);
        Outcome::default()
    }

    /// `docker rmi [-f] IMAGE...`: untags, and deletes an image when its last name goes and nothing uses it.
    pub(super) fn rmi(&mut self, args: &[String]) -> Outcome {
        let specs = [flag(Some('f'), "force"), flag(None, "no-prune")];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return usage_error("rmi", &e),
        };
        if parsed.args.is_empty() {
            return usage_error("rmi", "\"docker rmi\" requires at least 1 argument.\nUsage:  docker rmi [OPTIONS] IMAGE [IMAGE...]\n\nRemove one or more images");
        }
        let force = parsed.has("force");
        let mut outcome = Outcome::default();
        for reference in &parsed.args {
            if let Err(message) = self.remove_image(reference, force, &mut outcome) {
                outcome.err(format!("Error response from daemon: {message}\n"));
                outcome.exit_code = 1;
            }
        }
        outcome
    }

    fn remove_image(&mut self, reference: &str, force: bool, outcome: &mut Outcome) -> Result<(), String> {
        let Some(image) = self.store.resolve(reference) else {
            return Err(format!("No such image: {}", missing_name(reference)));
        };
        let tags = self.store.tags_of(&image.id);
        let by_tag = oci::Reference::parse(reference).ok().map(|r| {
            if r.tag().is_none() && r.digest().is_none() {
                format!("{}:latest", r.familiar_name())
            } else {
                r.familiar()
            }
        });
        let by_tag = by_tag.filter(|t| tags.contains(t));
        let user = self.containers.iter().find(|c| c.image == image.id);
        if let Some(tag) = &by_tag {
            if tags.len() > 1 {
                self.store.untag(tag);
                outcome.out(format!("Untagged: {tag}\n"));
                return Ok(());
            }
            if let Some(container) = user {
                if !force {
                    return Err(format!(
                        "conflict: unable to remove repository reference \"{reference}\" (must force) - container {} is using its referenced image {}",
                        container.short_id(),
                        image.id.short()
                    ));
                }
                self.store.untag(tag);
                outcome.out(format!("Untagged: {tag}\n"));
                return Ok(());
            }
            if self.children_of(&image.id) > 0 {
                self.store.untag(tag);
                outcome.out(format!("Untagged: {tag}\n"));
                return Ok(());
            }
        } else {
            // By ID.
            if let Some(container) = user {
                let running = matches!(container.state, ContainerState::Running { .. });
                if running || !force {
                    let (how, state) =
                        if running { ("cannot be forced", "running") } else { ("must be forced", "stopped") };
                    return Err(format!(
                        "conflict: unable to delete {} ({how}) - image is being used by {state} container {}",
                        image.id.short(),
                        container.short_id()
                    ));
                }
            }
            if tags.len() > 1 && !force {
                return Err(format!(
                    "conflict: unable to delete {} (must be forced) - image is referenced in multiple repositories",
                    image.id.short()
                ));
            }
            if self.children_of(&image.id) > 0 {
                return Err(format!(
                    "conflict: unable to delete {} (cannot be forced) - image has dependent child images",
                    image.id.short()
                ));
            }
            if user.is_some() {
                // Forced while a stopped container uses it: only the names go.
                for tag in &tags {
                    self.store.untag(tag);
                    outcome.out(format!("Untagged: {tag}\n"));
                }
                return Ok(());
            }
        }
        for tag in &tags {
            outcome.out(format!("Untagged: {tag}\n"));
        }
        self.delete_chain(image, outcome);
        Ok(())
    }

    /// Deletes `image`, then each untagged parent nothing else needs, and prints the layers no image holds any more
    /// (as chain IDs, top first, the way the classic store reports them).
    fn delete_chain(&mut self, image: Arc<Image>, outcome: &mut Outcome) {
        let mut next = Some(image);
        let mut deleted = Vec::new();
        while let Some(image) = next.take() {
            for digest in self.repo_digests.remove(&image.id).unwrap_or_default() {
                outcome.out(format!("Untagged: {digest}\n"));
            }
            self.store.remove(&image.id);
            outcome.out(format!("Deleted: {}\n", image.id));
            deleted.push(image.clone());
            if let Some(parent) = image.parent.as_ref().and_then(|p| self.store.get(p)) {
                let unused = self.store.tags_of(&parent.id).is_empty()
                    && self.children_of(&parent.id) == 0
                    && !self.containers.iter().any(|c| c.image == parent.id);
                if unused {
                    next = Some(parent);
                }
            }
        }
        let kept: BTreeSet<Digest> =
            self.store.images().flat_map(|i| oci::chain_ids(&i.config.rootfs.diff_ids)).collect();
        let mut printed = BTreeSet::new();
        for image in deleted {
            for chain in oci::chain_ids(&image.config.rootfs.diff_ids).into_iter().rev() {
                if !kept.contains(&chain) && printed.insert(chain.clone()) {
                    outcome.out(format!("Deleted: {chain}\n"));
                }
            }
        }
    }

    /// `docker pull NAME[:TAG]`.
    pub(super) fn pull(&mut self, args: &[String]) -> Outcome {
        let specs = [flag(Some('q'), "quiet"), flag(Some('a'), "all-tags"), option(None, "platform")];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return usage_error("pull", &e),
        };
        let [reference] = parsed.args.as_slice() else {
            return usage_error("pull", "\"docker pull\" requires exactly 1 argument.\nUsage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nDownload an image from a registry");
        };
        let mut outcome = Outcome::default();
        if oci::Reference::parse(reference).is_ok() && !super::command::names_tag_or_digest(reference) {
            outcome.out("Using default tag: latest\n");
        }
        let pulled = self.pull_image(reference, true);
        outcome.exit_code = pulled.exit_code;
        for chunk in pulled.output {
            outcome.push(chunk.stream, chunk.text);
        }
        outcome
    }

    /// Pulls `reference` from the catalog (the simulated registry): progress lines in their final state. With
    /// `print_name`, ends with the full reference as `docker pull` does (`docker run` does not).
    pub(super) fn pull_image(&mut self, reference: &str, print_name: bool) -> Outcome {
        if let Err(refused) = self.image_budget() {
            return refused;
        }
        let parsed = match oci::Reference::parse(reference) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(e.to_string(), 1),
        };
        let tag = parsed.tag().unwrap_or("latest").to_string();
        let familiar = format!("{}:{tag}", parsed.familiar_name());
        if let Some(image) = self.registry.get(&parsed) {
            return self.pull_pushed(&parsed, &tag, image, print_name);
        }
        let Some(entry) = images::lookup(reference, self.options.arch) else {
            let catalog = images::list();
            let same_repo: Vec<String> = catalog
                .iter()
                .filter(|s| parsed.is_docker_hub() && parsed.familiar_name() == s.repository)
                .flat_map(|s| s.tags.iter().map(|t| t.to_string()))
                .collect();
            let (first, note) = if same_repo.is_empty() {
                let mut names: Vec<&str> = catalog.iter().map(|s| s.repository).filter(|r| *r != "scratch").collect();
                names.dedup();
                (
                    format!(
                        "Error response from daemon: pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
                        parsed.familiar_name()
                    ),
                    format!("its catalog holds only {} (`docker search` lists them)", names.join(", ")),
                )
            } else {
                (
                    format!("Error response from daemon: manifest for {familiar} not found: manifest unknown: manifest unknown\n"),
                    format!("its {} has the tags {}", parsed.familiar_name(), same_repo.join(", ")),
                )
            };
            let mut outcome = Outcome::fail(first, 1);
            outcome.err(format!("(layerlab: there is no network here, only a simulated registry; {note})\n"));
            return outcome;
        };
        let before: BTreeSet<Digest> =
            self.store.images().flat_map(|i| i.layers.iter().map(|l| l.diff_id.clone()).collect::<Vec<_>>()).collect();
        let existing = self.store.resolve(&familiar).map(|i| i.id.clone());
        let image = match base::catalog_image(
            &entry,
            self.options.fs_limits,
            self.options.minibox.for_arch(self.options.arch).map(|b| &b[..]),
        ) {
            Ok(image) => image,
            Err(e) => return Outcome::fail(format!("Error response from daemon: {e}"), 1),
        };
        // The store shares the layers it already holds when the image goes in (`ImageStore::insert`).
        let (_, manifest_digest) = self.registry_manifest(&image);
        let mut outcome = Outcome::default();
        let path =
            if parsed.is_docker_hub() { format!("library/{}", entry.repository) } else { parsed.path().to_string() };
        if existing.as_ref() == Some(&image.id) {
            outcome.out(format!(
                "{tag}: Pulling from {path}\nDigest: {manifest_digest}\nStatus: Image is up to date for {familiar}\n"
            ));
        } else {
            outcome.out(format!("{tag}: Pulling from {path}\n"));
            for layer in &image.layers {
                let state = if before.contains(&layer.diff_id) { "Already exists" } else { "Pull complete" };
                // A pull names layers by their compressed blobs' digests.
                let (blob, _) = self.blob_of(layer);
                outcome.out(format!("{}: {state}\n", blob.short()));
            }
            outcome.out(format!("Digest: {manifest_digest}\nStatus: Downloaded newer image for {familiar}\n"));
        }
        let stored = self.store.insert(image);
        self.store.tag(&familiar, &stored.id);
        let digests = self.repo_digests.entry(stored.id.clone()).or_default();
        let repo_digest = format!("{}@{manifest_digest}", parsed.familiar_name());
        if !digests.contains(&repo_digest) {
            digests.push(repo_digest);
        }
        if print_name {
            outcome.out(format!("{}:{tag}\n", parsed.name()));
        }
        outcome
    }

    /// Pulls an image pushed to the session's registry earlier.
    fn pull_pushed(&mut self, parsed: &oci::Reference, tag: &str, image: Arc<Image>, print_name: bool) -> Outcome {
        let familiar = format!("{}:{tag}", parsed.familiar_name());
        let have: BTreeSet<Digest> =
            self.store.images().flat_map(|i| i.layers.iter().map(|l| l.diff_id.clone()).collect::<Vec<_>>()).collect();
        let (_, digest) = self.registry_manifest(&image);
        let mut outcome = Outcome::default();
        outcome.out(format!("{tag}: Pulling from {}\n", parsed.path()));
        if self.store.resolve(&familiar).is_some_and(|i| i.id == image.id) {
            outcome.out(format!("Digest: {digest}\nStatus: Image is up to date for {familiar}\n"));
        } else {
            for layer in &image.layers {
                let state = if have.contains(&layer.diff_id) { "Already exists" } else { "Pull complete" };
                let (blob, _) = self.blob_of(layer);
                outcome.out(format!("{}: {state}\n", blob.short()));
            }
            outcome.out(format!("Digest: {digest}\nStatus: Downloaded newer image for {familiar}\n"));
        }
        let stored = self.store.insert((*image).clone());
        self.store.tag(&familiar, &stored.id);
        let repo_digest = format!("{}@{digest}", parsed.familiar_name());
        let digests = self.repo_digests.entry(stored.id.clone()).or_default();
        if !digests.contains(&repo_digest) {
            digests.push(repo_digest);
        }
        if print_name {
            outcome.out(format!("{}:{tag}\n", parsed.name()));
        }
        outcome
    }

    /// `docker history [--no-trunc] IMAGE`.
    pub(super) fn history(&mut self, args: &[String]) -> Outcome {
        let specs = [flag(None, "no-trunc"), flag(Some('q'), "quiet"), flag(Some('H'), "human")];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return usage_error("history", &e),
        };
        let [reference] = parsed.args.as_slice() else {
            return usage_error("history", "\"docker history\" requires exactly 1 argument.\nUsage:  docker history [OPTIONS] IMAGE\n\nShow the history of an image");
        };
        let Some(image) = self.store.resolve(reference) else {
            return Outcome::fail(format!("Error response from daemon: No such image: {}", missing_name(reference)), 1);
        };
        let no_trunc = parsed.has("no-trunc");
        // Which image each history entry is the top of, following the parent chain held here.
        let mut owners: Vec<Option<Digest>> = vec![None; image.config.history.len()];
        let mut cursor = Some(image.clone());
        let mut guard = 0;
        while let Some(current) = cursor.take() {
            guard += 1;
            if guard > 10_000 {
                break;
            }
            if let Some(slot) = current.config.history.len().checked_sub(1).and_then(|i| owners.get_mut(i)) {
                slot.get_or_insert(current.id.clone());
            }
            cursor = current.parent.as_ref().and_then(|p| self.store.get(p));
        }
        let mut layer_sizes = image.layers.iter().map(|l| l.size);
        let mut rows = Vec::new();
        for (entry, owner) in image.config.history.iter().zip(owners) {
            let size = if entry.empty_layer { 0 } else { layer_sizes.next().unwrap_or(0) };
            let created = entry
                .created
                .as_deref()
                .and_then(oci::parse_rfc3339)
                .and_then(|t| u64::try_from(t).ok())
                .map(|t| ago(self.clock, t))
                .unwrap_or_else(|| "N/A".to_string());
            let created_by = entry.created_by.clone().unwrap_or_default().replace('\t', " ");
            let id = match owner {
                Some(id) if no_trunc => id.to_string(),
                Some(id) => id.short().to_string(),
                None => "<missing>".to_string(),
            };
            rows.push(vec![
                id,
                created,
                if no_trunc { created_by } else { ellipsis(&created_by, 45) },
                human_size(size),
                entry.comment.clone().unwrap_or_default(),
            ]);
        }
        rows.reverse();
        let mut outcome = Outcome::default();
        if parsed.has("quiet") {
            for row in rows {
                outcome.out(format!("{}\n", row[0]));
            }
            return outcome;
        }
        outcome.out(render(&["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"], &rows));
        outcome
    }

    /// `docker search TERM` over the catalog. Stars are Docker Hub data the playground does not have: 0.
    pub(super) fn search(&mut self, args: &[String]) -> Outcome {
        let specs = [flag(None, "no-trunc"), option(None, "limit"), option(Some('f'), "filter")];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return usage_error("search", &e),
        };
        let [term] = parsed.args.as_slice() else {
            return usage_error("search", "\"docker search\" requires exactly 1 argument.\nUsage:  docker search [OPTIONS] TERM\n\nSearch Docker Hub for images");
        };
        let limit = match parsed.last("limit").map(str::parse::<usize>) {
            None => 25,
            Some(Ok(n)) if (1..=100).contains(&n) => n,
            Some(_) => return Outcome::fail("Error response from daemon: limit 0 is outside the range of [1, 100]", 1),
        };
        let term = term.to_ascii_lowercase();
        let mut seen = BTreeSet::new();
        let mut rows = Vec::new();
        let catalog = images::list();
        for summary in &catalog {
            if summary.repository == "scratch" || !seen.insert(summary.repository) {
                continue;
            }
            // The repository is described by its `latest` image when it has one.
            let summary = catalog
                .iter()
                .find(|s| s.repository == summary.repository && s.tags.contains(&"latest"))
                .unwrap_or(summary);
            if !summary.repository.contains(&term) && !summary.description_en.to_ascii_lowercase().contains(&term) {
                continue;
            }
            let description = format!("(simulated) {}", summary.description_en);
            rows.push(vec![
                summary.repository.to_string(),
                if parsed.has("no-trunc") { description } else { ellipsis(&description, 45) },
                "0".to_string(),
                "[OK]".to_string(),
            ]);
        }
        rows.truncate(limit);
        let mut outcome = Outcome::default();
        outcome.out(render(&["NAME", "DESCRIPTION", "STARS", "OFFICIAL"], &rows));
        outcome
    }
}
