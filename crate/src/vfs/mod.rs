//! The in-memory file tree that images and containers are made of (being written).
