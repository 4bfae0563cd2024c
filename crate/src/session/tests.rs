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
        "stop",
        "kill",
        "restart",
        "attach",
        "-dit",
        "sleep",
        "infinity",
        "nginx",
        "tail",
        "-f",
        "/dev/null",
        "cat",
        "read",
        "-s",
        "TERM",
        "--format",
        "'{{.Id}}'",
        "'{{range .Config.Env}}{{.}}{{end}}'",
        "apt-get",
        "install",
        "y",
        "&",
        "wait",
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
        let runs_a_command =
            ["run", "start", "create", "exec", "restart", "attach"].iter().any(|w| words.get(1) == Some(w));
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

/// A host whose only build context is one Dockerfile.
struct OneDockerfile(&'static str);

impl SessionHost for OneDockerfile {
    fn build_context(&mut self, _path: &str) -> Result<crate::build::context::BuildContext, String> {
        let mut context = crate::build::context::BuildContext::new();
        context.add_file("Dockerfile", self.0.as_bytes().to_vec(), 0o644).map_err(|e| e.to_string())?;
        Ok(context)
    }
}

#[test]
fn builds_and_pulls_share_the_same_layers() {
    // A build's FROM after a pull of another image with the same base layer, then a pull of the build's base.
    let mut s = Session::new(CLOCK);
    s.set_host(Box::new(OneDockerfile("FROM python:3.12-slim\nRUN echo hi > /x\n")));
    assert_eq!(run(&mut s, "docker pull nginx").exit_code, 0);
    let built = run(&mut s, "docker build -t app .");
    assert_eq!(built.exit_code, 0, "{}", built.text());
    let pulled = run(&mut s, "docker pull python:3.12-slim");
    assert!(pulled.stdout().contains("Image is up to date for python:3.12-slim"), "{}", pulled.text());
    let nginx = s.store().resolve("nginx").unwrap();
    let python = s.store().resolve("python:3.12-slim").unwrap();
    let app = s.store().resolve("app").unwrap();
    let mut shared = 0;
    for layer in &python.layers {
        if let Some(same) = nginx.layers.iter().find(|n| n.diff_id == layer.diff_id) {
            assert!(Arc::ptr_eq(same, layer), "{} is one store entry for nginx and the build's base", layer.diff_id);
            shared += 1;
        }
    }
    assert!(shared > 0);
    for (a, b) in python.layers.iter().zip(&app.layers) {
        assert!(Arc::ptr_eq(a, b));
    }
    // The other order: a build first, then a pull of another image sharing its base.
    let mut s = Session::new(CLOCK);
    s.set_host(Box::new(OneDockerfile("FROM nginx\n")));
    assert_eq!(run(&mut s, "docker build -t web .").exit_code, 0);
    let pulled = run(&mut s, "docker pull python:3.12-slim");
    assert!(pulled.stdout().contains(": Already exists\n"), "{}", pulled.text());
    let nginx = s.store().resolve("nginx").unwrap();
    let python = s.store().resolve("python:3.12-slim").unwrap();
    let same = python.layers.iter().filter(|l| nginx.layers.iter().any(|n| Arc::ptr_eq(n, l))).count();
    assert!(same > 0);
    let df = run(&mut s, "docker system df").stdout();
    let total: u64 = {
        let mut seen = std::collections::BTreeSet::new();
        s.store()
            .images()
            .flat_map(|i| i.layers.iter())
            .filter(|l| seen.insert(l.diff_id.clone()))
            .map(|l| l.size)
            .sum()
    };
    assert!(df.contains(&super::table::human_size_precision(total, 4)), "{df}");
}

fn state_of(s: &Session, name: &str) -> ContainerState {
    s.containers().iter().find(|c| c.name == name).map(|c| c.state).expect("the container")
}

#[test]
fn detached_containers_run_until_their_process_would_end() {
    let mut s = Session::new(CLOCK);
    run(&mut s, "docker pull alpine");
    run(&mut s, "docker pull nginx");
    let start = s.clock() + 1;
    for line in [
        "docker run -d --name web nginx",
        "docker run -d --name nap alpine sleep 30",
        "docker run -d --name forever alpine sleep infinity",
        "docker run -d --name follow alpine tail -f /dev/null",
        "docker run -dit --name box alpine sh",
        "docker run -d --name once alpine echo hi",
        "docker run -d --name flood alpine sh -c 'while true; do echo y; done'",
    ] {
        s.set_clock(start);
        let started = s.execute(line);
        assert_eq!(started.exit_code, 0, "{line}: {}", started.text());
        assert_eq!(started.stdout().trim().len(), 64, "{line} prints the ID");
    }
    for name in ["web", "nap", "forever", "follow", "box", "flood"] {
        assert_eq!(state_of(&s, name), ContainerState::Running { since: start }, "{name}");
    }
    assert_eq!(state_of(&s, "once"), ContainerState::Exited { code: 0, at: start });
    assert!(s.containers().iter().find(|c| c.name == "box").unwrap().interactive, "-dit keeps stdin open");
    // The clock decides: `sleep 30` exits 30 s after it started, the others run on.
    s.set_clock(start + 29);
    assert_eq!(state_of(&s, "nap"), ContainerState::Running { since: start });
    s.set_clock(start + 31);
    assert_eq!(state_of(&s, "nap"), ContainerState::Exited { code: 0, at: start + 30 });
    let ps = s.execute("docker ps").stdout();
    assert!(ps.contains("Up 31 seconds") && !ps.contains(" nap\n"), "{ps}");
    assert!(s.execute("docker ps -a").stdout().contains("Exited (0) 1 second ago"));
    let flood = s.execute("docker logs flood").stdout();
    assert!(flood.starts_with("y\ny\n") && !flood.contains("layerlab"), "a busy loop's budget is not its output");
    // Stopping: nginx exits 0 on its stop signal; sleep, tail and a shell ignore SIGTERM as PID 1: 137.
    assert_eq!(s.execute("docker stop web forever box").stdout(), "web\nforever\nbox\n");
    assert_eq!(state_of(&s, "web"), ContainerState::Exited { code: 0, at: start + 31 });
    assert_eq!(state_of(&s, "forever"), ContainerState::Exited { code: 137, at: start + 31 });
    assert_eq!(state_of(&s, "box"), ContainerState::Exited { code: 137, at: start + 31 });
    assert_eq!(s.execute("docker kill follow").stdout(), "follow\n");
    assert_eq!(state_of(&s, "follow"), ContainerState::Exited { code: 137, at: start + 31 });
    let again = s.execute("docker kill follow");
    assert_eq!(again.exit_code, 1);
    assert!(
        again.stderr().contains("Cannot kill container: follow: container ")
            && again.stderr().ends_with(" is not running\n")
    );
    assert_eq!(s.execute("docker stop follow").stdout(), "follow\n", "stopping a stopped container is fine");
    // Restart runs the command again.
    assert_eq!(s.execute("docker restart forever").stdout(), "forever\n");
    assert_eq!(state_of(&s, "forever"), ContainerState::Running { since: start + 31 });
    assert_eq!(s.execute("docker start forever").stdout(), "forever\n", "starting a running one does nothing");
}

#[test]
fn running_containers_refuse_rm_and_take_exec() {
    let mut s = Session::new(CLOCK);
    run(&mut s, "docker run -d --name web nginx");
    let refused = run(&mut s, "docker rm web");
    assert_eq!(refused.exit_code, 1);
    assert_eq!(
        refused.stderr(),
        "Error response from daemon: cannot remove container \"/web\": container is running: stop the container \
         before removing or force remove\n"
    );
    let exec = run(
        &mut s,
        "docker exec -e GREETING=hi web sh -c 'echo $GREETING > /usr/share/nginx/html/x; cat /usr/share/nginx/html/x'",
    );
    assert_eq!((exec.exit_code, exec.stdout()), (0, "hi\n".to_string()), "{}", exec.text());
    let missing = run(&mut s, "docker exec web nosuch");
    assert_eq!(missing.exit_code, 126);
    assert!(missing.stderr().contains("exec: \"nosuch\": executable file not found in $PATH"));
    // `docker exec -it` attaches a new shell; `exit` leaves the container running.
    assert_eq!(run(&mut s, "docker exec -it web bash").exit_code, 0);
    assert!(s.prompt().starts_with("root@") && s.prompt().ends_with(":/# "), "{}", s.prompt());
    assert_eq!(run(&mut s, "cat /usr/share/nginx/html/x").stdout(), "hi\n");
    assert_eq!(run(&mut s, "exit").stdout(), "exit\n");
    assert_eq!(s.prompt(), "$ ");
    assert!(matches!(state_of(&s, "web"), ContainerState::Running { .. }));
    assert_eq!(run(&mut s, "docker rm -f web").stdout(), "web\n");
    assert!(s.containers().is_empty());
    // A stopped container has no processes to join.
    run(&mut s, "docker run --name done alpine true");
    let id = s.containers()[0].id.clone();
    for line in ["docker exec done ls", "docker exec -it done sh"] {
        let refused = run(&mut s, line);
        assert_eq!(refused.exit_code, 1);
        assert_eq!(refused.stderr(), format!("Error response from daemon: container {id} is not running\n"));
    }
    assert_eq!(
        run(&mut s, "docker attach done").stderr(),
        "You cannot attach to a stopped container, start it first\n"
    );
}

#[test]
fn logs_arrive_as_the_clock_passes_and_foreground_servers_keep_running() {
    let mut s = Session::new(CLOCK);
    run(&mut s, "docker pull alpine");
    s.execute("docker run -d --name ticks alpine sh -c 'echo one; sleep 5; echo two; sleep 5; echo three; exit 4'");
    assert_eq!(s.execute("docker logs ticks").stdout(), "one\n");
    s.advance_clock(5);
    assert_eq!(s.execute("docker logs ticks").stdout(), "one\ntwo\n");
    s.advance_clock(5);
    assert_eq!(s.execute("docker logs ticks").stdout(), "one\ntwo\nthree\n");
    assert!(matches!(state_of(&s, "ticks"), ContainerState::Exited { code: 4, .. }));
    // `--rm` goes when the process ends by itself.
    s.execute("docker run -d --rm --name brief alpine sleep 2");
    assert!(s.containers().iter().any(|c| c.name == "brief"));
    s.advance_clock(2);
    assert!(!s.containers().iter().any(|c| c.name == "brief"));
    // Stopped within the grace period, a process that ends by itself ends with its own status.
    s.execute("docker run -d --name soon alpine sh -c 'sleep 5; exit 7'");
    s.execute("docker stop soon");
    assert!(matches!(state_of(&s, "soon"), ContainerState::Exited { code: 7, .. }));
    // A TERM trap runs where the shell can run it.
    s.execute("docker run -d --name polite alpine sh -c 'trap \"echo bye; exit 3\" TERM; sleep infinity & wait'");
    s.execute("docker stop polite");
    assert!(matches!(state_of(&s, "polite"), ContainerState::Exited { code: 3, .. }));
    assert_eq!(s.execute("docker logs polite").stdout(), "bye\n");
    // In the foreground, a server's output is shown and the terminal comes back with the container running.
    let fg = s.execute("docker run --name fg nginx");
    assert_eq!(fg.exit_code, 0);
    assert!(fg.stdout().contains("Configuration complete; ready for start up"), "{}", fg.text());
    assert!(fg.stderr().contains("[notice] 1#1: start worker processes"), "{}", fg.text());
    assert!(fg.stderr().contains("keeps running"), "{}", fg.text());
    assert!(matches!(state_of(&s, "fg"), ContainerState::Running { .. }));
    assert!(s.attached().is_none());
}

#[test]
fn an_attached_program_answers_its_question_and_ends_the_container() {
    let mut s = Session::new(CLOCK);
    let asked =
        s.execute("docker run -it --name one ubuntu sh -c 'apt-get update >/dev/null; apt-get install git >/dev/null'");
    assert_eq!(asked.exit_code, 0, "{}", asked.text());
    assert!(s.awaiting_answer(), "{}", asked.text());
    assert_eq!(s.prompt(), "");
    let done = s.execute("");
    assert_eq!(done.exit_code, 0, "{}", done.text());
    assert!(s.attached().is_none());
    assert_eq!(state_of(&s, "one"), ContainerState::Exited { code: 0, at: s.clock() });
    assert!(s.containers()[0].fs.exists("/usr/bin/git"));
}
