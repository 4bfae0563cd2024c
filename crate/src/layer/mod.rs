//! Layers: the difference between two trees, as a deterministic tar with whiteouts, and applying such a tar (being written).
