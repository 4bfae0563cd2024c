//! Fuzz target: arbitrary bytes as a `docker save` tarball, imported with small limits. The importer must return an
//! image or an error without panicking, and a refused archive must leave the store as it was.
#![no_main]

use layerlab::store::import::{import_archive, ImportLimits};
use layerlab::store::ImageStore;
use layerlab::vfs::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = ImportLimits {
        max_archive_entries: 2_000,
        max_metadata_bytes: 1 << 20,
        max_layer_bytes: 32 << 20,
        max_layer_entries: 20_000,
        fs: Limits { max_bytes: 32 << 20, max_nodes: 20_000 },
        ..ImportLimits::default()
    };
    let mut store = ImageStore::new();
    match import_archive(&mut store, data, &limits) {
        Ok(summary) => {
            for image in &summary.images {
                let stored = store.get(&image.id).expect("an imported image is in the store");
                assert_eq!(stored.layers.len(), image.layers);
                // Layers are kept byte for byte: writing one again gives its diff_id.
                for layer in &stored.layers {
                    assert_eq!(layerlab::oci::Digest::sha256(&layer.tar_bytes()), layer.diff_id);
                }
            }
        }
        Err(error) => {
            assert!(store.images().next().is_none(), "refused, yet the store changed: {error}");
            assert!(!error.to_string().is_empty());
        }
    }
});
