//! The one integration-test binary; each module is one family of data-driven cases.

mod buildkit_corpus;
mod cli;
mod diagnostics_golden;
mod tidy;
