//! Word expansion with BuildKit's semantics (placeholder: being written).
