//! Exported images in a real Docker engine: every golden build is exported, `docker load`ed, and `docker image
//! inspect` must show the image ID the CLI prints and the same config (Cmd, Entrypoint, Env, WorkingDir, User,
//! ExposedPorts, Labels), layers (diff_ids) and history. `cargo xtask test` starts a private engine and sets
//! DOCKER_HOST; without one these tests skip, except under CI=true where they fail.
//! (`docker run` of simulated images needs the minibox binaries of the real-images issue.)

use layerlab::build::engine::{Build, BuildOptions};
use layerlab::images::Arch;
use layerlab::store::ImageStore;
use layerlab_tests::data_dir;
use std::process::Command;

fn docker_host() -> Option<String> {
    let host = std::env::var("DOCKER_HOST").ok().filter(|h| !h.is_empty());
    let reachable = host.as_ref().is_some_and(|h| {
        Command::new("docker").args(["--host", h, "version"]).output().is_ok_and(|o| o.status.success())
    });
    if reachable {
        return host;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but no Docker engine answers at DOCKER_HOST={host:?}: run the tests with `cargo xtask test`"
    );
    eprintln!("skipped: no Docker engine (run `cargo xtask test`, which starts one)");
    None
}

fn docker(host: &str, args: &[&str]) -> Result<String, String> {
    let output = Command::new("docker").arg("--host").arg(host).args(args).output().map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!("docker {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr)))
    }
}

#[test]
fn exported_golden_images_load_with_the_same_ids_config_and_layers() {
    let Some(host) = docker_host() else { return };
    let dir = std::env::temp_dir().join(format!("layerlab-docker-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut cases: Vec<_> = std::fs::read_dir(data_dir().join("builds")).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    let mut loaded = 0;
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let context = layerlab_cli::context_dir::read(&case.join("context")).unwrap();
        let tag = format!("layerlab-test/{name}:golden");
        let options = BuildOptions { tags: vec![tag.clone()], arch: Arch::Amd64, ..BuildOptions::default() };
        let mut store = ImageStore::new();
        let mut build = Build::new(context, options).unwrap();
        build.run_to_end(&mut store);
        let Some(Ok(id)) = build.outcome().cloned() else { continue };
        let image = store.get(&id).unwrap();
        let tarball = dir.join(format!("{name}.tar"));
        let (bytes, _) = layerlab::store::export::export_bytes(&store, std::slice::from_ref(&tag)).unwrap();
        std::fs::write(&tarball, bytes).unwrap();
        let output =
            docker(&host, &["load", "-i", tarball.to_str().unwrap()]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(output.contains(&format!("Loaded image: {tag}")), "{name}: {output}");
        let inspect = docker(&host, &["image", "inspect", &tag]).unwrap();
        let inspect: serde_json::Value = serde_json::from_str(&inspect).unwrap();
        let inspect = &inspect[0];
        assert_eq!(inspect["Id"], id.to_string(), "{name}: docker shows another image ID");
        let ours: serde_json::Value = serde_json::from_slice(&image.config_bytes).unwrap();
        for field in ["Cmd", "Entrypoint", "Env", "WorkingDir", "User", "ExposedPorts", "Labels"] {
            let theirs = &inspect["Config"][field];
            let mine = &ours["config"][field];
            let same = theirs == mine
                || (mine.is_null() && (theirs.is_null() || theirs == "" || theirs == &serde_json::json!({})));
            assert!(same, "{name}: Config.{field}: docker {theirs} vs layerlab {mine}");
        }
        let layers: Vec<String> = image.layers.iter().map(|l| l.diff_id.to_string()).collect();
        assert_eq!(inspect["RootFS"]["Layers"], serde_json::json!(layers), "{name}: layers");
        assert_eq!(inspect["Architecture"], "amd64");
        let history = docker(&host, &["history", "--no-trunc", "-q", &tag]).unwrap();
        assert_eq!(history.lines().count(), image.config.history.len(), "{name}: history entries");
        docker(&host, &["image", "rm", &tag]).unwrap();
        loaded += 1;
    }
    assert!(loaded >= 10, "only {loaded} golden images were loaded");
    let _ = std::fs::remove_dir_all(&dir);
}
