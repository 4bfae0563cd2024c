//! OCI and Docker image vocabulary: digests, configs, manifests (being written).
