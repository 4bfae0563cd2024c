//! Session tests: the course's commit flow checked on the store (layers shared, one new layer with git's files),
//! and the command behaviours a transcript only shows indirectly.

use super::*;
use std::sync::Arc;

const CLOCK: u64 = 1_735_689_600;

fn run(session: &mut Session, line: &str) -> Outcome {
    session.advance_clock(1);
    session.execute(line)
}

#[test]
fn commit_adds_one_layer_over_shared_ones() {
    let mut s = Session::new(CLOCK);
    let started = run(&mut s, "docker run -it --name git ubuntu:latest bash");
    assert_eq!(started.exit_code, 0, "{}", started.text());
    assert!(s.prompt().starts_with("root@") && s.prompt().ends_with(":/# "), "{}", s.prompt());
    assert_eq!(run(&mut s, "apt-get update").exit_code, 0);
    let install = run(&mut s, "apt-get install -y git");
    assert_eq!(install.exit_code, 0, "{}", install.text());
    assert_eq!(run(&mut s, "exit").stdout(), "exit\n");
    assert_eq!(s.prompt(), "$ ");
    let commit = run(&mut s, "docker commit git ubuntu:git");
    assert_eq!(commit.exit_code, 0, "{}", commit.text());
    let base = s.store().resolve("ubuntu:latest").unwrap();
    let git = s.store().resolve("ubuntu:git").unwrap();
    assert_eq!(commit.stdout(), format!("{}\n", git.id));
    assert_eq!(git.layers.len(), base.layers.len() + 1);
    for (a, b) in base.layers.iter().zip(&git.layers) {
        assert!(Arc::ptr_eq(a, b), "the base layers are shared, not copied");
    }
    let top = git.layers.last().unwrap();
    assert!(top.changes.iter().any(|c| c.path == "/usr/bin/git"), "git's program is in the new layer");
    assert!(top.changes.iter().any(|c| c.path.starts_with("/var/lib/apt/lists")), "and the apt lists");
    assert_eq!(git.parent.as_ref(), Some(&base.id));
    assert_eq!(git.config.history.len(), base.config.history.len() + 1);
    assert!(git.fs.exists("/usr/bin/git") && !base.fs.exists("/usr/bin/git"));
    // The committed image runs git; the first container is untouched by the second.
    run(&mut s, "docker run -it --name git2 ubuntu:git bash");
    let version = run(&mut s, "git --version");
    assert_eq!(version.exit_code, 0, "{}", version.text());
    assert!(version.stdout().starts_with("git version"), "{}", version.text());
    run(&mut s, "touch /only-in-git2");
    run(&mut s, "exit");
    assert!(!s.containers()[0].fs.exists("/only-in-git2"));
    assert!(s.containers()[1].fs.exists("/only-in-git2"));
}

#[test]
fn interactive_state_persists_across_lines() {
    let mut s = Session::new(CLOCK);
    run(&mut s, "docker run -it -e GREETING=hi -w /srv ubuntu bash");
    assert!(s.prompt().ends_with(":/srv# "), "{}", s.prompt());
    run(&mut s, "cd /tmp && X=42");
    assert!(s.prompt().ends_with(":/tmp# "), "{}", s.prompt());
    assert_eq!(
        run(&mut s, "echo $X $GREETING $HOSTNAME").stdout(),
        format!("42 hi {}\n", s.containers()[0].short_id())
    );
    run(&mut s, "cd");
    assert!(s.prompt().ends_with(":~# "), "{}", s.prompt());
    assert_eq!(run(&mut s, "exit 3").exit_code, 3);
    assert_eq!(s.containers()[0].state, ContainerState::Exited { code: 3, at: s.clock() });
}

#[test]
fn rm_flag_removes_and_names_are_deterministic() {
    let mut a = Session::new(CLOCK);
    let mut b = Session::new(CLOCK);
    for s in [&mut a, &mut b] {
        assert_eq!(run(s, "docker run --rm alpine echo hi").stdout(), "hi\n");
        assert_eq!(run(s, "docker run --rm alpine sh -c 'echo out; echo err >&2; exit 4'").exit_code, 4);
        assert!(s.containers().is_empty());
        run(s, "docker run alpine true");
        run(s, "docker run alpine true");
    }
    let names = |s: &Session| s.containers().iter().map(|c| (c.id.clone(), c.name.clone())).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    assert_ne!(a.containers()[0].name, a.containers()[1].name);
    assert_ne!(a.containers()[0].id, a.containers()[1].id);
}

#[test]
fn rmi_deletes_only_what_nothing_needs() {
    let mut s = Session::new(CLOCK);
    run(&mut s, "docker pull alpine");
    run(&mut s, "docker tag alpine mine:1");
    let untag = run(&mut s, "docker rmi alpine");
    assert_eq!(untag.stdout(), "Untagged: alpine:latest\n");
    assert!(s.store().resolve("mine:1").is_some());
    run(&mut s, "docker run --name c mine:1 true");
    let refused = run(&mut s, "docker rmi mine:1");
    assert_eq!(refused.exit_code, 1);
    assert!(refused.stderr().contains("(must force) - container"), "{}", refused.text());
    run(&mut s, "docker rm c");
    let deleted = run(&mut s, "docker rmi mine:1");
    assert_eq!(deleted.exit_code, 0, "{}", deleted.text());
    assert!(deleted.stdout().starts_with("Untagged: mine:1\nUntagged: alpine@sha256:"), "{}", deleted.text());
    assert_eq!(s.store().images().count(), 0);
}

#[test]
fn no_input_panics_and_errors_are_output() {
    let mut s = Session::new(0);
    for line in [
        "",
        "   ",
        "docker run",
        "docker run -it",
        "docker run --name",
        "docker rmi",
        "docker tag a",
        "docker images --filter x",
        "docker 'unclosed",
        "docker run -e",
        "docker commit",
        "docker history",
        "docker diff nope",
        "docker ps extra",
        "docker run --name=/bad alpine",
        "docker run alpine nosuchprogram",
        "docker search",
        "docker search --limit 0 x",
        "docker pull UPPER",
        "docker run scratch",
        "docker image frob",
        "docker rmi sha256:",
        "docker rm ''",
        "ls",
        "docker frobnicate",
        "docker run -it alpine bash",
    ] {
        let outcome = run(&mut s, line);
        if !line.trim().is_empty() {
            assert_ne!(outcome.exit_code, 0, "{line}: {}", outcome.text());
            assert!(!outcome.stderr().is_empty(), "{line}");
        }
    }
    assert!(run(&mut s, &"x".repeat(70_000)).stderr().contains("line too long"));
}

#[test]
fn every_new_command_fails_politely_without_arguments() {
    let mut s = Session::new(CLOCK);
    for line in [
        "docker start",
        "docker start nope",
        "docker exec",
        "docker exec nope ls",
        "docker save",
        "docker save x",
        "docker load",
        "docker load -i x.tar",
        "docker system",
        "docker system prune",
        "docker inspect",
        "docker inspect nope",
        "docker logs",
        "docker logs nope",
        "docker push",
        "docker push library/x",
        "docker build",
        "docker build .",
        "docker image inspect nope",
        "docker create",
        "docker commit a b c",
    ] {
        let outcome = run(&mut s, line);
        assert_ne!(outcome.exit_code, 0, "{line}: {}", outcome.text());
        assert!(!outcome.stderr().is_empty(), "{line}");
    }
}

/// Lines stitched from docker words, flags, names and shell text by a fixed generator: whatever they say, the
/// session answers with output and an exit code, and keeps working.
#[test]
fn generated_lines_never_panic() {
    const WORDS: &[&str] = &[
        "docker",
        "run",
        "-it",
        "-d",
        "--rm",
        "--name",
        "x",
        "alpine",
        "ubuntu",
        "sh",
        "bash",
        "exit",
        "commit",
        "x:1",
        "images",
        "-a",
        "-q",
        "rmi",
        "-f",
        "tag",
        "ps",
        "rm",
        "diff",
        "history",
        "--no-trunc",
        "pull",
        "push",
        "u/x",
        "search",
        "start",
        "-ai",
        "inspect",
        "logs",
        "system",
        "df",
        "save",
        "-o",
        "load",
        "-i",
        "'",
        "\"",
        "\\",
        "echo",
        "hi",
        ">",
        "/f",
        ";",
        "-e",
        "A=1",
        "-w",
        "/tmp",
        "--entrypoint",
        "",
        "sha256:",
        "-c",
        "CMD",
        "--filter",
        "dangling=true",
        "create",
        "exec",
        "\u{e9}",
        "..",
        "/",
        "#",
    ];
    let mut s = Session::new(CLOCK);
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = 1 + (next() % 8) as usize;
        let mut words: Vec<&str> = (0..len).map(|_| WORDS[(next() % WORDS.len() as u64) as usize]).collect();
        if next() % 2 == 0 && s.attached().is_none() {
            words.insert(0, "docker");
        }
        let line = words.join(" ");
        let outcome = run(&mut s, &line);
        // A container's own command may fail without a word; docker itself never does.
        let runs_a_command = ["run", "start", "create"].iter().any(|w| words.get(1) == Some(w));
        if outcome.exit_code != 0 && words.first() == Some(&"docker") && !runs_a_command && s.attached().is_none() {
            assert!(!outcome.text().is_empty(), "{line:?} failed silently");
        }
    }
    // Still usable afterwards.
    while s.attached().is_some() {
        run(&mut s, "exit");
    }
    assert_eq!(run(&mut s, "docker run --rm alpine echo ok").stdout(), "ok\n");
}

#[test]
fn completion_offers_commands_images_and_containers() {
    let mut s = Session::new(CLOCK);
    assert_eq!(s.complete("do"), ["docker"]);
    assert_eq!(s.complete("docker pu"), ["pull", "push"]);
    run(&mut s, "docker pull alpine");
    run(&mut s, "docker tag alpine app:1");
    run(&mut s, "docker run --name web alpine true");
    assert_eq!(s.complete("docker run -it "), ["alpine:latest", "app:1"]);
    assert_eq!(s.complete("docker image rm a"), ["alpine:latest", "app:1"]);
    assert_eq!(s.complete("docker rm w"), ["web"]);
    assert_eq!(s.complete("docker inspect "), ["alpine:latest", "app:1", "web"]);
    assert!(s.complete("docker rm --").is_empty());
    assert!(s.complete("docker 'unclosed").is_empty());
}

#[test]
fn the_image_budget_refuses_more() {
    let options = SessionOptions { max_images: 2, ..SessionOptions::default() };
    let mut s = Session::with_options(CLOCK, options);
    run(&mut s, "docker run --name a alpine touch /x");
    assert_eq!(run(&mut s, "docker commit a one").exit_code, 0);
    let refused = run(&mut s, "docker commit a two");
    assert_eq!(refused.exit_code, 1);
    assert!(refused.stderr().contains("holds 2 images (its limit)"), "{}", refused.text());
    assert!(s.store().resolve("two").is_none());
    // Running what is there still works; pulling more does not.
    assert_eq!(run(&mut s, "docker run --rm one true").exit_code, 0);
    assert_eq!(run(&mut s, "docker pull ubuntu").exit_code, 1);
}

#[test]
fn pulls_share_common_layers() {
    let mut s = Session::new(CLOCK);
    run(&mut s, "docker pull nginx");
    let pulled = run(&mut s, "docker pull python:3.12-slim");
    assert!(pulled.stdout().contains(": Already exists\n"), "{}", pulled.text());
    let nginx = s.store().resolve("nginx").unwrap();
    let python = s.store().resolve("python:3.12-slim").unwrap();
    let shared: Vec<_> = python.layers.iter().filter(|l| nginx.layers.iter().any(|n| n.diff_id == l.diff_id)).collect();
    assert!(!shared.is_empty(), "the two catalog images have a common base layer");
    for layer in shared {
        assert!(nginx.layers.iter().any(|n| Arc::ptr_eq(n, layer)), "{} is held once", layer.diff_id);
    }
}

#[test]
fn a_question_waits_for_the_next_line_and_the_answer_decides() {
    let mut session = Session::new(1_735_689_600);
    session.execute("docker run -it --name q ubuntu:latest bash");
    session.execute("apt-get update > /dev/null");
    let asked = session.execute("apt-get install git");
    assert!(asked.stdout().ends_with("Do you want to continue? [Y/n] "), "{}", asked.stdout());
    assert!(session.awaiting_answer());
    assert_eq!(session.prompt(), "", "the question is the prompt");
    // Nothing happened yet: the line's effects wait for the answer.
    assert_ne!(session.execute("n").exit_code, 0);
    assert!(!session.awaiting_answer());
    assert_eq!(session.execute("command -v git").exit_code, 1, "n aborted: no git");
    session.execute("apt-get install git");
    let installed = session.execute("");
    assert_eq!(installed.exit_code, 0, "{}", installed.text());
    assert!(!installed.stdout().contains("Do you want to continue"), "only the rest is shown");
    assert!(installed.stdout().contains("Setting up git"), "{}", installed.stdout());
    assert_eq!(session.execute("git --version").stdout(), "git version 2.43.0\n");
}

#[test]
fn without_a_terminal_apt_get_still_aborts() {
    let mut session = Session::new(1_735_689_600);
    let piped = session.execute("docker run ubuntu:latest sh -c 'apt-get update >/dev/null; apt-get install git'");
    assert!(piped.stdout().contains("Do you want to continue? [Y/n] Abort.\n"), "{}", piped.stdout());
    assert_ne!(piped.exit_code, 0);
    let mut pg = crate::playground::Playground::new();
    let options = crate::playground::StartOptions {
        dockerfile: "FROM ubuntu\nRUN apt-get update && apt-get install git\n".into(),
        tags: vec![],
        build_args: Default::default(),
        target: None,
        platform: None,
        no_cache: false,
        source_date_epoch: 0,
    };
    pg.start(options);
    let view = pg.run_to_end();
    assert_eq!(view.phase, "failed");
    assert!(view.logs.classic.contains("Do you want to continue? [Y/n] Abort.\n"), "a build's RUN has no terminal");
}
