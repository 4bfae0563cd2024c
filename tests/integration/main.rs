//! The one integration-test binary; each module is one family of data-driven cases.
