//! The page's files as the terminal's `docker build`, `save` and `load` see them: the context panel (with the
//! editor's Dockerfile in it) is the directory the terminal stands in, and `docker save -o NAME` keeps the tarball
//! here for the page to offer as a download and for a later `docker load -i NAME`.

use crate::build::context::{BuildContext, ContextEntry};
use crate::session::SessionHost;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The most bytes of saved tarballs the page keeps; a save beyond it is refused (each one is offered for download
/// at once, so dropping older ones loses nothing the user cannot make again).
pub const MAX_SAVED_BYTES: usize = 512 << 20;

#[derive(Default)]
struct Files {
    context: BuildContext,
    /// The editor's text, the context's `Dockerfile` unless the context panel holds one.
    dockerfile: String,
    saved: BTreeMap<String, Vec<u8>>,
    /// Names saved since the page last asked ([`SharedFiles::take_new`]).
    new: Vec<String>,
}

/// One set of files, held by the playground and by the session's host.
#[derive(Clone, Default)]
pub struct SharedFiles(Rc<RefCell<Files>>);

impl SharedFiles {
    pub fn set_context(&self, context: BuildContext) {
        self.0.borrow_mut().context = context;
    }

    pub fn set_dockerfile(&self, text: &str) {
        self.0.borrow_mut().dockerfile = text.to_string();
    }

    /// A tarball `docker save` wrote.
    pub fn saved(&self, name: &str) -> Option<Vec<u8>> {
        self.0.borrow().saved.get(name).cloned()
    }

    /// The files saved since the last call, with their sizes.
    pub fn take_new(&self) -> Vec<(String, u64)> {
        let mut files = self.0.borrow_mut();
        let names = std::mem::take(&mut files.new);
        names.into_iter().filter_map(|name| files.saved.get(&name).map(|b| (name.clone(), b.len() as u64))).collect()
    }

    pub fn host(&self) -> PageHost {
        PageHost(self.clone())
    }
}

/// The session's view of the page's files.
pub struct PageHost(SharedFiles);

/// `.`, `./`, `./web/`, `web` → `""`, `""`, `"web"`, `"web"`.
fn context_dir(path: &str) -> String {
    let trimmed = path.trim_start_matches("./").trim_end_matches('/');
    if trimmed == "." {
        String::new()
    } else {
        trimmed.to_string()
    }
}

impl SessionHost for PageHost {
    fn build_context(&mut self, path: &str) -> Result<BuildContext, String> {
        let files = self.0 .0.borrow();
        let dir = context_dir(path);
        let mut context = if dir.is_empty() {
            files.context.clone()
        } else {
            if !matches!(files.context.get(&dir), Some(ContextEntry::Dir { .. })) {
                return Err(format!(
                    "path {path:?} not found (the terminal's directory is the context panel: `docker build .`)"
                ));
            }
            let prefix = format!("{dir}/");
            let mut sub = BuildContext::new();
            for (name, entry) in files.context.entries() {
                let Some(rest) = name.strip_prefix(&prefix) else { continue };
                let added = match entry {
                    ContextEntry::File { data, mode } => sub.add_file(rest, data.clone(), *mode),
                    ContextEntry::Dir { mode } => sub.add_dir(rest, *mode),
                    ContextEntry::Symlink { target } => sub.add_symlink(rest, target),
                };
                added.map_err(|e| e.to_string())?;
            }
            sub
        };
        if dir.is_empty() && context.get("Dockerfile").is_none() && !files.dockerfile.is_empty() {
            context.add_file("Dockerfile", files.dockerfile.as_bytes(), 0o644).map_err(|e| e.to_string())?;
        }
        Ok(context)
    }

    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, String> {
        let files = self.0 .0.borrow();
        let name = path.trim_start_matches("./");
        if let Some(bytes) = files.saved.get(name) {
            return Ok(bytes.clone());
        }
        match files.context.get(name) {
            Some(ContextEntry::File { data, .. }) => Ok(data.to_vec()),
            _ => Err(format!(
                "open {path}: no such file (files saved with `docker save -o` and the context panel's files are here)"
            )),
        }
    }

    fn write_file(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        let mut files = self.0 .0.borrow_mut();
        let name = path.trim_start_matches("./").to_string();
        if name.is_empty() || name.contains('/') {
            return Err(format!("open {path}: save into the current directory (`-o NAME.tar`)"));
        }
        files.saved.remove(&name);
        let kept: usize = files.saved.values().map(Vec::len).sum();
        if kept + bytes.len() > MAX_SAVED_BYTES {
            // Older tarballs were offered for download already; make room rather than refuse.
            files.saved.clear();
            if bytes.len() > MAX_SAVED_BYTES {
                return Err(format!("write {path}: {} bytes is more than the page keeps", bytes.len()));
            }
        }
        files.saved.insert(name.clone(), bytes);
        files.new.retain(|n| n != &name);
        files.new.push(name);
        Ok(())
    }
}
