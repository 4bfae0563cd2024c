//! The built-in catalog of simulated base images and package indexes (being written).
