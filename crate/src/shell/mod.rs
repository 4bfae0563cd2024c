//! The simulated POSIX shell that RUN executes (being written).
