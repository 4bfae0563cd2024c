//! Criterion benchmark for the session (issue 6 target): 1,000 scripted docker commands — run, commit, images,
//! ps, diff, history, tag, rmi, rm — in under 1 s natively; and 1,000 more with containers that keep running and a
//! registry (run -d, exec, logs, stop, push, pull), where each layer is compressed once per session.

use criterion::{criterion_group, criterion_main, Criterion};
use layerlab::session::Session;

/// The script: 100 rounds of ten commands, each round making and removing a container and an image.
pub fn script() -> Vec<String> {
    let mut lines = vec!["docker pull alpine".to_string()];
    for i in 0..100 {
        lines.extend([
            format!("docker run --name c{i} alpine sh -c 'echo {i} > /f; rm /etc/issue'"),
            format!("docker commit -m round{i} c{i} img:{i}"),
            "docker images".to_string(),
            "docker ps -a".to_string(),
            format!("docker diff c{i}"),
            format!("docker history img:{i}"),
            format!("docker tag img:{i} other:{i}"),
            format!("docker rmi other:{i}"),
            format!("docker rm c{i}"),
            format!("docker rmi img:{i}"),
        ]);
    }
    lines
}

/// 100 rounds of ten commands with a detached server, exec, stop, and a push and pull of a committed image.
pub fn registry_script() -> Vec<String> {
    let mut lines = vec!["docker pull nginx".to_string()];
    for i in 0..100 {
        lines.extend([
            format!("docker run -d --name w{i} nginx"),
            format!("docker exec w{i} sh -c 'echo {i} > /usr/share/nginx/html/index.html'"),
            format!("docker logs w{i}"),
            format!("docker commit w{i} student/web:{i}"),
            format!("docker push student/web:{i}"),
            format!("docker rmi student/web:{i}"),
            format!("docker pull student/web:{i}"),
            "docker ps".to_string(),
            format!("docker stop w{i}"),
            format!("docker rm w{i}"),
        ]);
    }
    lines
}

fn run_all(lines: &[String]) {
    let mut session = Session::new(1_735_689_600);
    for line in lines {
        session.advance_clock(1);
        let outcome = session.execute(line);
        assert_eq!(outcome.exit_code, 0, "{line}: {}", outcome.text());
    }
}

fn thousand_commands(c: &mut Criterion) {
    let lines = script();
    c.bench_function("session: 1,000 commands", |b| b.iter(|| run_all(&lines)));
    let lines = registry_script();
    c.bench_function("session: 1,000 commands with run -d, exec, stop, push and pull", |b| b.iter(|| run_all(&lines)));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = thousand_commands
}
criterion_main!(benches);
