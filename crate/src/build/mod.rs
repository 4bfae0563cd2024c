//! The build engine: runs a parsed Dockerfile step by step over the build context, the way Docker's classic builder
//! does (temporary containers, commits, layers, digests, tags, cache), emitting one event stream for every view.

pub mod base;
pub mod container;
pub mod context;
mod copy;
pub mod dockerignore;
pub mod engine;
pub mod events;
pub mod metadata;
pub mod plan;
pub mod progress;
