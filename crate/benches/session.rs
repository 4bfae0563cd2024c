//! Criterion benchmark for the session (issue 6 target): 1,000 scripted docker commands — run, commit, images,
//! ps, diff, history, tag, rmi, rm — in under 1 s natively.

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

fn thousand_commands(c: &mut Criterion) {
    let lines = script();
    c.bench_function("session: 1,000 commands", |b| {
        b.iter(|| {
            let mut session = Session::new(1_735_689_600);
            for line in &lines {
                session.advance_clock(1);
                let outcome = session.execute(line);
                assert_eq!(outcome.exit_code, 0, "{line}: {}", outcome.text());
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = thousand_commands
}
criterion_main!(benches);
