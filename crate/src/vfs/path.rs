//! Lexical path handling: splitting, `.`/`..` and repeated `/` resolved on the text alone, never above `/`.
//! Knows nothing of the tree or of symlinks.

/// Appends the components of `path` to `comps`, applying `.` and `..` on the way (`..` at the root stays at the root).
/// A leading `/` is ignored: callers decide what `comps` is relative to.
pub(crate) fn push_lexical(comps: &mut Vec<String>, path: &str) {
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                comps.pop();
            }
            name => comps.push(name.to_owned()),
        }
    }
}

/// The components of `path` taken as absolute (a relative path is relative to `/`).
pub(crate) fn lexical(path: &str) -> Vec<String> {
    let mut comps = Vec::new();
    push_lexical(&mut comps, path);
    comps
}

/// `/a/b` from `["a", "b"]`; `/` from nothing.
pub(crate) fn join<S: AsRef<str>>(comps: &[S]) -> String {
    if comps.is_empty() {
        return "/".to_owned();
    }
    let mut out = String::with_capacity(comps.iter().map(|c| c.as_ref().len() + 1).sum());
    for comp in comps {
        out.push('/');
        out.push_str(comp.as_ref());
    }
    out
}

/// `path` relative to `cwd` (unless it is absolute), normalised lexically; always absolute.
pub(crate) fn normalize(cwd: &str, path: &str) -> String {
    let mut comps = Vec::new();
    if !path.starts_with('/') {
        push_lexical(&mut comps, cwd);
    }
    push_lexical(&mut comps, path);
    join(&comps)
}

/// A trailing `/` (after something other than the root) asks for a directory and follows a final symlink.
pub(crate) fn wants_dir(path: &str) -> bool {
    path.ends_with('/') && path.bytes().any(|b| b != b'/')
}

/// The last component as written, before lexical normalisation: `.` and `..` there cannot be removed or renamed.
pub(crate) fn ends_in_dot(path: &str) -> bool {
    matches!(path.trim_end_matches('/').rsplit('/').next(), Some(".") | Some(".."))
}
