//! The one integration-test binary; each module is one family of data-driven cases.

mod browser;
mod build_features;
mod build_limits;
mod buildkit_corpus;
mod builds;
mod cli;
mod diagnostics_golden;
mod docker_engine;
mod import;
mod lessons;
mod oci_tools;
mod page_flow;
mod playground;
mod sessions;
mod tidy;
