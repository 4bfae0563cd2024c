//! The Dockerfile front end: parser directives, logical lines, heredocs, BuildKit's raw node tree, typed
//! instructions, and word expansion. Knows nothing of builds, file systems or images.

pub mod expand;
