//! Criterion benchmark: parsing a 5,000-instruction Dockerfile (issue target: under 10 ms natively), and the
//! expansion of a typical word. Run with `cargo xtask bench`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use layerlab::dockerfile::{self, expand::Lexer};
use std::hint::black_box;

/// A realistic mix: every instruction kind, continuations, JSON and shell forms, heredocs, flags, stages.
fn big_dockerfile(instructions: usize) -> String {
    let chunk = [
        "FROM node:20-alpine AS build{n}\n",
        "ARG VERSION{n}=1.{n}\n",
        "ENV APP_HOME=/app/{n} \\\n    NODE_ENV=production PATH=/app/node_modules/.bin:$PATH\n",
        "WORKDIR /app/{n}\n",
        "COPY --chown=node:node package.json package-lock.json ./\n",
        "RUN --mount=type=cache,target=/root/.npm npm ci && \\\n    npm cache clean --force\n",
        "COPY . .\n",
        "RUN <<EOF\nset -e\necho building {n}\nnpm run build\nEOF\n",
        "LABEL org.opencontainers.image.title=\"app {n}\" version=\"${VERSION{n}}\"\n",
        "EXPOSE 8080/tcp 9229\n",
        "HEALTHCHECK --interval=30s --timeout=3s CMD [\"wget\", \"-qO-\", \"http://localhost:8080/health\"]\n",
        "USER node\n",
        "VOLUME [\"/data/{n}\"]\n",
        "ENTRYPOINT [\"node\"]\n",
        "CMD [\"dist/server.js\", \"--port\", \"8080\"]\n",
        "ONBUILD COPY . /app/src\n",
        "STOPSIGNAL SIGTERM\n",
        "SHELL [\"/bin/sh\", \"-c\"]\n",
        "ADD --link app.tar.gz /opt/\n",
        "# a comment between instructions\n",
    ];
    let mut out = String::new();
    let mut count = 0;
    let mut n = 0;
    while count < instructions {
        for line in chunk {
            if count == instructions {
                break;
            }
            out.push_str(&line.replace("{n}", &n.to_string()));
            if !line.starts_with('#') {
                count += 1;
            }
        }
        n += 1;
    }
    out
}

fn parse_benchmarks(c: &mut Criterion) {
    let text = big_dockerfile(5000);
    assert_eq!(dockerfile::parse(&text).instructions.len(), 5000);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("5000_instructions", |b| b.iter(|| dockerfile::parse(black_box(&text))));
    group.finish();

    let lexer = Lexer::new('\\');
    let env = ["HOME=/root", "VERSION=1.2.3", "PATH=/usr/local/bin:/usr/bin:/bin"];
    c.bench_function("expand/typical_word", |b| {
        b.iter(|| lexer.expand_word(black_box("${HOME}/app-${VERSION%.*}:${PATH//:/ }\"$X\""), &env))
    });
}

criterion_group!(benches, parse_benchmarks);
criterion_main!(benches);
