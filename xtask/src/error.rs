//! The one error type of xtask: a message that says what was being done and why it failed, printed once by `main`.

use std::fmt;

/// An error with its context folded into the message, outermost first ("step `fmt` failed: `cargo fmt` exited with 1").
#[derive(Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error { message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Adds what was being attempted to any error that can be displayed, like anyhow's `with_context`.
pub trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: fmt::Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|cause| Error::new(format!("{}: {cause}", what())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_goes_before_the_cause() {
        let failed: std::result::Result<(), Error> = Err(Error::new("exited with status 1"));
        let error = failed.context(|| "step `fmt` failed".to_string()).unwrap_err();
        assert_eq!(error.to_string(), "step `fmt` failed: exited with status 1");
    }
}
