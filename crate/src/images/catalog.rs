//! The catalog: which images exist, what the real ones are called, weigh and are configured with, and how each one's
//! layers are stacked (base rootfs, then the image's own `RUN`/`COPY` layers, with the real history in between).

use super::distro::{Arch, Distro, OsFamily};
use super::packages::{self, pseudo_digest, vendor_packages, InstallDirs, Manager};
use super::reference::parse_reference;
use super::rootfs::{self, System};
use super::tree::{applet_file, json_escape, placeholder, simulated_program, version_line, TreeBuilder};
use super::{CatalogImage, CatalogSummary, HistorySpec, ImageDefaults, LayerSpec, SIMULATED_LABEL};

const PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const NGINX_MAINTAINER: &str = "NGINX Docker Maintainers <docker-maint@nginx.com>";

/// What building an entry produces.
struct Built {
    layers: Vec<LayerSpec>,
    history: Vec<HistorySpec>,
    defaults: ImageDefaults,
}

struct Entry {
    repository: &'static str,
    tags: &'static [&'static str],
    os_family: OsFamily,
    distro: Option<Distro>,
    real_size_mb: f64,
    description_en: &'static str,
    description_ko: &'static str,
    build: fn(Arch) -> Built,
}

const CATALOG: &[Entry] = &[
    Entry {
        repository: "scratch",
        tags: &[],
        os_family: OsFamily::Scratch,
        distro: None,
        real_size_mb: 0.0,
        description_en: "The empty image: no files, no shell. FROM scratch starts a build from nothing.",
        description_ko: "파일도 셸도 없는 빈 이미지입니다. FROM scratch는 아무것도 없는 상태에서 빌드를 시작합니다.",
        build: scratch,
    },
    Entry {
        repository: "alpine",
        tags: &["latest", "3.20", "3.20.3", "3"],
        os_family: OsFamily::Alpine,
        distro: Some(Distro::Alpine320),
        real_size_mb: 7.8,
        description_en:
            "Alpine Linux 3.20: a tiny distribution built on musl and BusyBox, with the apk package manager.",
        description_ko: "Alpine Linux 3.20: musl과 BusyBox로 만든 아주 작은 배포판이며, apk 패키지 관리자를 씁니다.",
        build: alpine,
    },
    Entry {
        repository: "busybox",
        tags: &["latest", "1.37", "1.37.0", "stable"],
        os_family: OsFamily::Busybox,
        distro: None,
        real_size_mb: 4.3,
        description_en: "BusyBox 1.37: one multi-call program and a handful of files; no package manager.",
        description_ko: "BusyBox 1.37: 여러 명령을 담은 실행 파일 하나와 파일 몇 개뿐이며, 패키지 관리자가 없습니다.",
        build: busybox,
    },
    Entry {
        repository: "ubuntu",
        tags: &["20.04", "focal"],
        os_family: OsFamily::Ubuntu,
        distro: Some(Distro::Focal),
        real_size_mb: 72.8,
        description_en: "Ubuntu 20.04 LTS (Focal Fossa), Canonical's minimised image, with apt.",
        description_ko: "Ubuntu 20.04 LTS(Focal Fossa)의 최소화된 이미지이며, apt를 씁니다.",
        build: ubuntu_focal,
    },
    Entry {
        repository: "ubuntu",
        tags: &["22.04", "jammy"],
        os_family: OsFamily::Ubuntu,
        distro: Some(Distro::Jammy),
        real_size_mb: 77.9,
        description_en: "Ubuntu 22.04 LTS (Jammy Jellyfish), Canonical's minimised image, with apt.",
        description_ko: "Ubuntu 22.04 LTS(Jammy Jellyfish)의 최소화된 이미지이며, apt를 씁니다.",
        build: ubuntu_jammy,
    },
    Entry {
        repository: "ubuntu",
        tags: &["latest", "24.04", "noble"],
        os_family: OsFamily::Ubuntu,
        distro: Some(Distro::Noble),
        real_size_mb: 78.1,
        description_en: "Ubuntu 24.04 LTS (Noble Numbat), the current latest, with apt and a default 'ubuntu' user.",
        description_ko: "Ubuntu 24.04 LTS(Noble Numbat), 현재 latest 태그이며, apt와 기본 'ubuntu' 사용자가 있습니다.",
        build: ubuntu_noble,
    },
    Entry {
        repository: "debian",
        tags: &["bookworm-slim", "12-slim", "12.7-slim", "stable-slim"],
        os_family: OsFamily::Debian,
        distro: Some(Distro::Bookworm),
        real_size_mb: 74.8,
        description_en: "Debian 12 (bookworm), slim variant: documentation is excluded from package installs.",
        description_ko: "Debian 12(bookworm)의 slim 변형: 패키지를 설치할 때 문서 파일을 제외합니다.",
        build: debian_slim,
    },
    Entry {
        repository: "node",
        tags: &["14", "14.21.3", "14-bullseye", "14.21.3-bullseye", "fermium"],
        os_family: OsFamily::Debian,
        distro: Some(Distro::Bullseye),
        real_size_mb: 912.0,
        description_en: "Node.js 14.21.3 (end of life) on Debian 11 with the full buildpack-deps toolchain: large.",
        description_ko: "Debian 11 위의 Node.js 14.21.3(지원 종료). buildpack-deps 빌드 도구가 모두 들어 있어 큽니다.",
        build: node14,
    },
    Entry {
        repository: "node",
        tags: &["14-alpine", "14.21.3-alpine", "14-alpine3.17", "14.21.3-alpine3.17", "fermium-alpine"],
        os_family: OsFamily::Alpine,
        distro: Some(Distro::Alpine317),
        real_size_mb: 119.0,
        description_en: "Node.js 14.21.3 (end of life) on Alpine 3.17: the same runtime, a fraction of the size.",
        description_ko: "Alpine 3.17 위의 Node.js 14.21.3(지원 종료): 같은 런타임을 훨씬 작은 크기로 담았습니다.",
        build: node14_alpine,
    },
    Entry {
        repository: "node",
        tags: &["20", "20.18.0", "20-bookworm", "20.18.0-bookworm", "iron"],
        os_family: OsFamily::Debian,
        distro: Some(Distro::Bookworm),
        real_size_mb: 1100.0,
        description_en: "Node.js 20.18.0 LTS on Debian 12 with the full buildpack-deps toolchain.",
        description_ko: "Debian 12 위의 Node.js 20.18.0 LTS이며, buildpack-deps 빌드 도구가 모두 들어 있습니다.",
        build: node20,
    },
    Entry {
        repository: "node",
        tags: &["20-alpine", "20.18.0-alpine", "20-alpine3.20", "20.18.0-alpine3.20", "iron-alpine"],
        os_family: OsFamily::Alpine,
        distro: Some(Distro::Alpine320),
        real_size_mb: 135.0,
        description_en: "Node.js 20.18.0 LTS on Alpine 3.20.",
        description_ko: "Alpine 3.20 위의 Node.js 20.18.0 LTS입니다.",
        build: node20_alpine,
    },
    Entry {
        repository: "nginx",
        tags: &["latest", "1.27", "1.27.2", "mainline", "bookworm", "1.27.2-bookworm"],
        os_family: OsFamily::Debian,
        distro: Some(Distro::Bookworm),
        real_size_mb: 187.0,
        description_en: "nginx 1.27.2 web server on Debian 12, serving /usr/share/nginx/html on port 80.",
        description_ko: "Debian 12 위의 nginx 1.27.2 웹 서버이며, 80번 포트로 /usr/share/nginx/html을 제공합니다.",
        build: nginx,
    },
    Entry {
        repository: "nginx",
        tags: &["alpine", "1.27-alpine", "1.27.2-alpine", "mainline-alpine", "alpine3.20"],
        os_family: OsFamily::Alpine,
        distro: Some(Distro::Alpine320),
        real_size_mb: 43.0,
        description_en: "nginx 1.27.2 web server on Alpine 3.20: the same server in a much smaller image.",
        description_ko: "Alpine 3.20 위의 nginx 1.27.2 웹 서버: 같은 서버를 훨씬 작은 이미지에 담았습니다.",
        build: nginx_alpine,
    },
    Entry {
        repository: "python",
        tags: &["3.12-slim", "3.12.7-slim", "3.12-slim-bookworm", "3.12.7-slim-bookworm"],
        os_family: OsFamily::Debian,
        distro: Some(Distro::Bookworm),
        real_size_mb: 125.0,
        description_en: "Python 3.12.7 (built from source into /usr/local) with pip, on Debian 12 slim.",
        description_ko: "Debian 12 slim 위에 소스에서 빌드해 /usr/local에 설치한 Python 3.12.7과 pip입니다.",
        build: python_slim,
    },
];

/// Every image of the catalog, in catalog order (one line per distinct image; its tags are aliases).
pub fn list() -> Vec<CatalogSummary> {
    CATALOG
        .iter()
        .map(|entry| CatalogSummary {
            repository: entry.repository,
            tags: entry.tags,
            os_family: entry.os_family,
            real_size_mb: entry.real_size_mb,
            description_en: entry.description_en,
            description_ko: entry.description_ko,
        })
        .collect()
}

/// Finds and builds a catalog image: `alpine`, `alpine:3.20`, `library/alpine`, `docker.io/library/alpine:latest`,
/// `node:14-alpine`, `scratch` … None when the playground does not have it (the caller lists [`list`]).
pub fn lookup(reference: &str, arch: Arch) -> Option<CatalogImage> {
    let trimmed = reference.trim();
    let (entry, tag) = if trimmed == "scratch" {
        (CATALOG.iter().find(|e| e.repository == "scratch")?, "")
    } else {
        let parsed = parse_reference(trimmed)?;
        let entry =
            CATALOG.iter().find(|e| e.repository == parsed.repository && e.tags.iter().any(|t| *t == parsed.tag))?;
        (entry, *entry.tags.iter().find(|t| **t == parsed.tag)?)
    };
    let built = (entry.build)(arch);
    Some(CatalogImage {
        repository: entry.repository,
        tag,
        tags: entry.tags,
        arch,
        os_family: entry.os_family,
        distro: entry.distro,
        layers: built.layers,
        defaults: built.defaults,
        history: built.history,
        real_size_mb: entry.real_size_mb,
        description_en: entry.description_en,
        description_ko: entry.description_ko,
    })
}

/// Container defaults with the simulation label.
fn defaults(env: &[&str], entrypoint: Option<&[&str]>, cmd: &[&str]) -> ImageDefaults {
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut defaults = ImageDefaults {
        env: strings(env),
        entrypoint: entrypoint.map(strings),
        cmd: if cmd.is_empty() { None } else { Some(strings(cmd)) },
        ..ImageDefaults::default()
    };
    defaults.labels.insert(SIMULATED_LABEL.to_string(), "true".to_string());
    defaults
}

fn finish(b: TreeBuilder, defaults: ImageDefaults) -> Built {
    let (layers, history) = b.finish();
    Built { layers, history, defaults }
}

/// A JSON-ish exec form the way Docker's history prints it: `["nginx" "-g" "daemon off;"]`.
fn exec_form(args: &[&str]) -> String {
    let quoted: Vec<String> = args.iter().map(|a| format!("\"{}\"", json_escape(a))).collect();
    format!("[{}]", quoted.join(" "))
}

/// How an image's history was written: by the classic builder (`/bin/sh -c #(nop) …`) or by BuildKit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Classic,
    Buildkit,
}

impl Style {
    fn run(self, command: &str) -> String {
        match self {
            Style::Classic => format!("/bin/sh -c {command}"),
            Style::Buildkit => format!("RUN /bin/sh -c {command} # buildkit"),
        }
    }

    fn instruction(self, text: &str) -> String {
        match self {
            Style::Classic => format!("/bin/sh -c #(nop)  {text}"),
            Style::Buildkit => text.to_string(),
        }
    }

    fn copy(self, source: &str, destination: &str) -> String {
        match self {
            Style::Classic => format!("/bin/sh -c #(nop) COPY file:{} in {destination} ", pseudo_digest(source)),
            Style::Buildkit => format!("COPY {source} {destination} # buildkit"),
        }
    }
}

fn scratch(_arch: Arch) -> Built {
    Built { layers: Vec::new(), history: Vec::new(), defaults: defaults(&[], None, &[]) }
}

/// The Alpine base layer and its `CMD` history entry.
fn alpine_base(b: &mut TreeBuilder, distro: Distro, arch: Arch) -> System {
    let system = rootfs::alpine(b, distro, arch);
    if distro == Distro::Alpine317 {
        let digest = pseudo_digest(&format!("alpine-minirootfs-{}-{}", distro.version(), arch.uname_machine()));
        b.commit(format!("/bin/sh -c #(nop) ADD file:{digest} in / "));
        b.metadata("/bin/sh -c #(nop)  CMD [\"/bin/sh\"]");
    } else {
        b.commit(format!("ADD alpine-minirootfs-{}-{}.tar.gz / # buildkit", distro.version(), arch.uname_machine()));
        b.metadata("CMD [\"/bin/sh\"]");
    }
    system
}

fn alpine(arch: Arch) -> Built {
    let mut b = TreeBuilder::new();
    alpine_base(&mut b, Distro::Alpine320, arch);
    finish(b, defaults(&[PATH], None, &["/bin/sh"]))
}

fn busybox(arch: Arch) -> Built {
    let mut b = TreeBuilder::new();
    rootfs::busybox(&mut b, arch);
    b.commit("BusyBox 1.37.0 (glibc), Debian 12");
    b.metadata("CMD [\"sh\"]");
    finish(b, defaults(&[PATH], None, &["sh"]))
}

fn ubuntu(distro: Distro, arch: Arch) -> Built {
    let short = match distro {
        Distro::Focal => "20.04",
        Distro::Jammy => "22.04",
        _ => "24.04",
    };
    let mut b = TreeBuilder::new();
    b.metadata("/bin/sh -c #(nop)  ARG RELEASE");
    b.metadata("/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH");
    b.metadata("/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu");
    b.metadata(format!("/bin/sh -c #(nop)  LABEL org.opencontainers.image.version={short}"));
    rootfs::debian(&mut b, distro, arch, false);
    let digest = pseudo_digest(&format!("ubuntu-{}-{}", distro.version(), arch.dpkg()));
    b.commit(format!("/bin/sh -c #(nop) ADD file:{digest} in / "));
    b.metadata("/bin/sh -c #(nop)  CMD [\"/bin/bash\"]");
    let mut defaults = defaults(&[PATH], None, &["/bin/bash"]);
    defaults.labels.insert("org.opencontainers.image.ref.name".to_string(), "ubuntu".to_string());
    defaults.labels.insert("org.opencontainers.image.version".to_string(), short.to_string());
    finish(b, defaults)
}

fn ubuntu_focal(arch: Arch) -> Built {
    ubuntu(Distro::Focal, arch)
}

fn ubuntu_jammy(arch: Arch) -> Built {
    ubuntu(Distro::Jammy, arch)
}

fn ubuntu_noble(arch: Arch) -> Built {
    ubuntu(Distro::Noble, arch)
}

/// The Debian base layer as the official images have it: bookworm from debuerreotype (one history entry), bullseye
/// from the classic builder (`ADD` plus `CMD ["bash"]`).
fn debian_base(b: &mut TreeBuilder, distro: Distro, arch: Arch, slim: bool) -> System {
    let system = rootfs::debian(b, distro, arch, slim);
    if distro == Distro::Bullseye {
        let digest = pseudo_digest(&format!("debian-{}-{}-{slim}", distro.version(), arch.dpkg()));
        b.commit(format!("/bin/sh -c #(nop) ADD file:{digest} in / "));
        b.metadata("/bin/sh -c #(nop)  CMD [\"bash\"]");
    } else {
        b.commit_with_comment(
            format!("# debian.sh --arch '{}' out/ 'bookworm' '@1728950400'", arch.dpkg()),
            Some("debuerreotype 0.15"),
        );
    }
    system
}

fn debian_slim(arch: Arch) -> Built {
    let mut b = TreeBuilder::new();
    debian_base(&mut b, Distro::Bookworm, arch, true);
    finish(b, defaults(&[PATH], None, &["bash"]))
}

/// What distinguishes the node images.
struct NodeRelease {
    node: &'static str,
    npm: &'static str,
    yarn: &'static str,
    corepack: Option<&'static str>,
    style: Style,
}

const NODE14: NodeRelease =
    NodeRelease { node: "14.21.3", npm: "6.14.18", yarn: "1.22.19", corepack: None, style: Style::Classic };
const NODE20: NodeRelease =
    NodeRelease { node: "20.18.0", npm: "10.8.2", yarn: "1.22.22", corepack: Some("0.29.4"), style: Style::Buildkit };

fn package_json(name: &str, version: &str, description: &str) -> String {
    format!(
        "{{\n  \"name\": \"{name}\",\n  \"version\": \"{version}\",\n  \"description\": \"{}\",\n  \
         \"layerlab\": \"simulated by layerlab: files are placeholders\"\n}}\n",
        json_escape(description)
    )
}

/// node, npm (an applet), npx and corepack under /usr/local, as the official tarball installs them.
fn node_files(b: &mut TreeBuilder, release: &NodeRelease) {
    let owner = format!("node {}", release.node);
    b.exec("/usr/local/bin/node", simulated_program("node", &version_line("node", release.node)));
    b.link("/usr/local/bin/nodejs", "/usr/local/bin/node");
    let npm = "/usr/local/lib/node_modules/npm";
    b.text(&format!("{npm}/package.json"), &package_json("npm", release.npm, "a package manager for JavaScript"));
    b.exec(&format!("{npm}/bin/npm-cli.js"), applet_file("npm"));
    b.exec(&format!("{npm}/bin/npx-cli.js"), simulated_program("npx", release.npm));
    for file in ["index.js", "lib/npm.js", "lib/cli.js", "README.md", "LICENSE"] {
        let path = format!("{npm}/{file}");
        b.text(&path, &String::from_utf8_lossy(&placeholder(&path, &owner)));
    }
    b.link("/usr/local/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js");
    b.link("/usr/local/bin/npx", "../lib/node_modules/npm/bin/npx-cli.js");
    if let Some(corepack) = release.corepack {
        let dir = "/usr/local/lib/node_modules/corepack";
        b.text(&format!("{dir}/package.json"), &package_json("corepack", corepack, "Manage package manager versions"));
        b.exec(&format!("{dir}/dist/corepack.js"), simulated_program("corepack", corepack));
        b.link("/usr/local/bin/corepack", "../lib/node_modules/corepack/dist/corepack.js");
    }
    for file in
        ["include/node/node.h", "include/node/node_version.h", "share/man/man1/node.1", "share/doc/node/gdbinit"]
    {
        let path = format!("/usr/local/{file}");
        b.text(&path, &String::from_utf8_lossy(&placeholder(&path, &owner)));
    }
}

/// yarn under /opt/yarn-vX, linked into /usr/local/bin.
fn yarn_files(b: &mut TreeBuilder, release: &NodeRelease) {
    let dir = format!("/opt/yarn-v{}", release.yarn);
    let owner = format!("yarn {}", release.yarn);
    b.exec(&format!("{dir}/bin/yarn"), simulated_program("yarn", release.yarn));
    b.link(&format!("{dir}/bin/yarnpkg"), "yarn");
    b.text(
        &format!("{dir}/package.json"),
        &package_json("yarn", release.yarn, "Fast, reliable, and secure dependency management."),
    );
    for file in ["lib/cli.js", "LICENSE", "README.md"] {
        let path = format!("{dir}/{file}");
        b.text(&path, &String::from_utf8_lossy(&placeholder(&path, &owner)));
    }
    b.link("/usr/local/bin/yarn", &format!("{dir}/bin/yarn"));
    b.link("/usr/local/bin/yarnpkg", &format!("{dir}/bin/yarnpkg"));
}

fn node_tail(b: &mut TreeBuilder, release: &NodeRelease, modern_entrypoint: bool) -> ImageDefaults {
    let style = release.style;
    b.exec("/usr/local/bin/docker-entrypoint.sh", rootfs::node_entrypoint(modern_entrypoint).as_bytes().to_vec());
    b.commit(style.copy("docker-entrypoint.sh", "/usr/local/bin/"));
    b.metadata(style.instruction("ENTRYPOINT [\"docker-entrypoint.sh\"]"));
    b.metadata(style.instruction("CMD [\"node\"]"));
    let node_version = format!("NODE_VERSION={}", release.node);
    let yarn_version = format!("YARN_VERSION={}", release.yarn);
    defaults(&[PATH, &node_version, &yarn_version], Some(&["docker-entrypoint.sh"]), &["node"])
}

fn node_alpine(arch: Arch, distro: Distro, release: &NodeRelease) -> Built {
    let style = release.style;
    let mut b = TreeBuilder::new();
    let mut system = alpine_base(&mut b, distro, arch);
    b.metadata(style.instruction(&format!("ENV NODE_VERSION={}", release.node)));
    system.accounts.add_group("node", 1000);
    system.accounts.add_user("node", 1000, 1000, "Linux User,,,", "/home/node", "/bin/sh", false);
    system.accounts.add_member("node", "node");
    system.write_accounts(&mut b);
    b.dir("/home/node", 0o2755, 1000, 1000);
    system.install(&mut b, &["libstdc++"]);
    node_files(&mut b, release);
    b.commit(style.run(
        "addgroup -g 1000 node     && adduser -u 1000 -G node -s /bin/sh -D node     && apk add --no-cache         \
         libstdc++     && apk add --no-cache --virtual .build-deps         curl     && ARCH= OPENSSL_ARCH='linux*' && \
         alpineArch=\"$(apk --print-arch)\"       && case \"${alpineArch##*-}\" in         x86_64) ARCH='x64' \
         CHECKSUM=\"$CHECKSUM\" OPENSSL_ARCH=linux-x86_64;;         x86) OPENSSL_ARCH=linux-elf;;         aarch64) \
         OPENSSL_ARCH=linux-aarch64;;         arm*) OPENSSL_ARCH=linux-armv4;;         *) ;;       esac   &&  if [ -n \
         \"${CHECKSUM}\" ]; then     set -eu;     curl -fsSLO --compressed \
         \"https://unofficial-builds.nodejs.org/download/release/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz\"; \
         echo \"$CHECKSUM  node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz\" | sha256sum -c -       && tar -xJf \
         \"node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz\" -C /usr/local --strip-components=1 --no-same-owner       && \
         ln -s /usr/local/bin/node /usr/local/bin/nodejs;   fi   && rm -f \"node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz\" \
         && apk del .build-deps   && node --version   && npm --version",
    ));
    b.metadata(style.instruction(&format!("ENV YARN_VERSION={}", release.yarn)));
    yarn_files(&mut b, release);
    b.commit(style.run(
        "apk add --no-cache --virtual .build-deps-yarn curl gnupg tar   && export GNUPGHOME=\"$(mktemp -d)\"   && for key \
         in     6A010C5166006599AA17F08146C2130DFD2497F5   ; do     gpg --batch --keyserver hkps://keys.openpgp.org \
         --recv-keys \"$key\" ||     gpg --batch --keyserver keyserver.ubuntu.com --recv-keys \"$key\" ;   done   && \
         curl -fsSLO --compressed \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz\"   && curl \
         -fsSLO --compressed \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz.asc\"   && gpg \
         --batch --verify yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && gpgconf --kill all   && rm -rf \
         \"$GNUPGHOME\"   && mkdir -p /opt   && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/   && ln -s \
         /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg \
         /usr/local/bin/yarnpkg   && rm yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && apk del \
         .build-deps-yarn   && yarn --version",
    ));
    let defaults = node_tail(&mut b, release, release.corepack.is_some());
    finish(b, defaults)
}

fn node14_alpine(arch: Arch) -> Built {
    node_alpine(arch, Distro::Alpine317, &NODE14)
}

fn node20_alpine(arch: Arch) -> Built {
    node_alpine(arch, Distro::Alpine320, &NODE20)
}

/// node on the buildpack-deps stack (curl, scm, the full toolchain), then node, yarn and the entrypoint.
fn node_debian(arch: Arch, distro: Distro, release: &NodeRelease) -> Built {
    let style = release.style;
    let mut b = TreeBuilder::new();
    let mut system = debian_base(&mut b, distro, arch, false);
    system.install(&mut b, &["ca-certificates", "curl", "gnupg", "netbase", "wget"]);
    b.commit(style.run(
        "set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tcurl \t\tgnupg \
         \t\tnetbase \t\twget \t; \trm -rf /var/lib/apt/lists/*",
    ));
    if distro == Distro::Bullseye {
        // buildpack-deps:bullseye-scm checks for gpg first; it is there, so this layer changes nothing (0 B).
        b.commit(style.run(
            "set -ex; \tif ! command -v gpg > /dev/null; then \t\tapt-get update; \t\tapt-get install -y \
             --no-install-recommends \t\t\tgnupg \t\t\tdirmngr \t\t; \t\trm -rf /var/lib/apt/lists/*; \tfi",
        ));
    }
    system.install(&mut b, &["git", "mercurial", "openssh-client", "subversion", "procps"]);
    b.commit(style.run(
        "apt-get update && apt-get install -y --no-install-recommends \t\tgit \t\tmercurial \t\topenssh-client \
         \t\tsubversion \t\t\t\tprocps \t&& rm -rf /var/lib/apt/lists/*",
    ));
    system.install(
        &mut b,
        &[
            "autoconf",
            "automake",
            "bzip2",
            "dpkg-dev",
            "file",
            "g++",
            "gcc",
            "libc6-dev",
            "libssl-dev",
            "make",
            "patch",
            "unzip",
            "xz-utils",
            "zlib1g-dev",
        ],
    );
    b.commit(style.run(
        "set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tautoconf \t\tautomake \t\tbzip2 \
         \t\tdpkg-dev \t\tfile \t\tg++ \t\tgcc \t\timagemagick \t\tlibbz2-dev \t\tlibc6-dev \t\tlibcurl4-openssl-dev \
         \t\tlibdb-dev \t\tlibevent-dev \t\tlibffi-dev \t\tlibgdbm-dev \t\tlibglib2.0-dev \t\tlibgmp-dev \t\tlibjpeg-dev \
         \t\tlibkrb5-dev \t\tliblzma-dev \t\tlibmagickcore-dev \t\tlibmagickwand-dev \t\tlibmaxminddb-dev \
         \t\tlibncurses5-dev \t\tlibncursesw5-dev \t\tlibpng-dev \t\tlibpq-dev \t\tlibreadline-dev \t\tlibsqlite3-dev \
         \t\tlibssl-dev \t\tlibtool \t\tlibwebp-dev \t\tlibxml2-dev \t\tlibxslt-dev \t\tlibyaml-dev \t\tmake \t\tpatch \
         \t\tunzip \t\txz-utils \t\tzlib1g-dev \t; \trm -rf /var/lib/apt/lists/*",
    ));
    system.accounts.add_group("node", 1000);
    system.accounts.add_user("node", 1000, 1000, "", "/home/node", "/bin/bash", false);
    system.write_accounts(&mut b);
    b.dir("/home/node", 0o755, 1000, 1000);
    for name in [".bashrc", ".profile", ".bash_logout"] {
        b.file(&format!("/home/node/{name}"), 0o644, 1000, 1000, rootfs::skeleton(name));
    }
    b.commit(
        style.run("groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node"),
    );
    b.metadata(style.instruction(&format!("ENV NODE_VERSION={}", release.node)));
    node_files(&mut b, release);
    b.commit(style.run(
        "ARCH= && dpkgArch=\"$(dpkg --print-architecture)\"   && case \"${dpkgArch##*-}\" in     amd64) ARCH='x64';;     \
         ppc64el) ARCH='ppc64le';;     s390x) ARCH='s390x';;     arm64) ARCH='arm64';;     armhf) ARCH='armv7l';;     \
         i386) ARCH='x86';;     *) echo \"unsupported architecture\"; exit 1 ;;   esac   && export GNUPGHOME=\"$(mktemp -d)\" \
         && set -ex   && curl -fsSLO --compressed \"https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz\" \
         && curl -fsSLO --compressed \"https://nodejs.org/dist/v$NODE_VERSION/SHASUMS256.txt.asc\"   && gpg --batch \
         --decrypt --output SHASUMS256.txt SHASUMS256.txt.asc   && gpgconf --kill all   && rm -rf \"$GNUPGHOME\"   && \
         grep \" node-v$NODE_VERSION-linux-$ARCH.tar.xz\\$\" SHASUMS256.txt | sha256sum -c -   && tar -xJf \
         \"node-v$NODE_VERSION-linux-$ARCH.tar.xz\" -C /usr/local --strip-components=1 --no-same-owner   && rm \
         \"node-v$NODE_VERSION-linux-$ARCH.tar.xz\" SHASUMS256.txt.asc SHASUMS256.txt   && ln -s /usr/local/bin/node \
         /usr/local/bin/nodejs   && node --version   && npm --version",
    ));
    b.metadata(style.instruction(&format!("ENV YARN_VERSION={}", release.yarn)));
    yarn_files(&mut b, release);
    b.commit(style.run(
        "set -ex   && export GNUPGHOME=\"$(mktemp -d)\"   && for key in     6A010C5166006599AA17F08146C2130DFD2497F5   ; \
         do     gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys \"$key\" ||     gpg --batch --keyserver \
         keyserver.ubuntu.com --recv-keys \"$key\" ;   done   && curl -fsSLO --compressed \
         \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz\"   && curl -fsSLO --compressed \
         \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz.asc\"   && gpg --batch --verify \
         yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && gpgconf --kill all   && rm -rf \"$GNUPGHOME\"   && \
         mkdir -p /opt   && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn \
         /usr/local/bin/yarn   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg   && rm \
         yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && yarn --version",
    ));
    let defaults = node_tail(&mut b, release, release.corepack.is_some());
    finish(b, defaults)
}

fn node14(arch: Arch) -> Built {
    node_debian(arch, Distro::Bullseye, &NODE14)
}

fn node20(arch: Arch) -> Built {
    node_debian(arch, Distro::Bookworm, &NODE20)
}

/// nginx.org's packages for Debian bookworm (not in Debian's archive).
const NGINX_ORG_DEBIAN: &str = r#"
P nginx 3300 high performance web server
V 1.27.2-1~bookworm
D libc6 libcrypt1 libpcre2-8-0 libssl3 zlib1g
F x/usr/sbin/nginx x/usr/sbin/nginx-debug c/etc/nginx g./nginx.conf=nginx-org.conf g./conf.d/default.conf=nginx-org-default.conf
F f./mime.types f./fastcgi_params f./scgi_params f./uwsgi_params l./modules=../../usr/lib/nginx/modules
F d/usr/lib/nginx/modules d/var/cache/nginx d/var/log/nginx c/usr/share/nginx/html g./index.html=nginx-index
F g./50x.html=nginx-50x f/etc/logrotate.d/nginx f/etc/init.d/nginx:0755

P nginx-module-njs 5000 nginx njs dynamic modules
V 1.27.2+0.8.6-1~bookworm
D nginx
F f/usr/lib/nginx/modules/ngx_http_js_module.so f/usr/lib/nginx/modules/ngx_stream_js_module.so x/usr/bin/njs

P nginx-module-xslt 120 nginx xslt dynamic module
V 1.27.2-1~bookworm
D nginx
F f/usr/lib/nginx/modules/ngx_http_xslt_filter_module.so

P nginx-module-geoip 110 nginx GeoIP dynamic modules
V 1.27.2-1~bookworm
D nginx
F f/usr/lib/nginx/modules/ngx_http_geoip_module.so f/usr/lib/nginx/modules/ngx_stream_geoip_module.so

P nginx-module-image-filter 110 nginx image filter dynamic module
V 1.27.2-1~bookworm
D nginx
F f/usr/lib/nginx/modules/ngx_http_image_filter_module.so
"#;

/// nginx.org's packages for Alpine 3.20.
const NGINX_ORG_ALPINE: &str = r#"
P nginx 2900 High performance web server
V 1.27.2-r1
D pcre2 zlib libssl3 libcrypto3 musl
F x/usr/sbin/nginx x/usr/sbin/nginx-debug c/etc/nginx g./nginx.conf=nginx-org.conf g./conf.d/default.conf=nginx-org-default.conf
F f./mime.types f./fastcgi_params f./scgi_params f./uwsgi_params l./modules=/usr/lib/nginx/modules
F d/usr/lib/nginx/modules d/var/cache/nginx d/var/log/nginx c/usr/share/nginx/html g./index.html=nginx-index
F g./50x.html=nginx-50x

P nginx-module-njs 4600 nginx njs dynamic modules
V 1.27.2.0.8.6-r1
D nginx
F f/usr/lib/nginx/modules/ngx_http_js_module.so f/usr/lib/nginx/modules/ngx_stream_js_module.so x/usr/bin/njs
"#;

/// The nginx image's COPY layers and config tail.
fn nginx_tail(b: &mut TreeBuilder) {
    b.exec("/docker-entrypoint.sh", rootfs::NGINX_ENTRYPOINT.as_bytes().to_vec());
    b.commit("COPY docker-entrypoint.sh / # buildkit");
    for (name, purpose) in rootfs::NGINX_ENTRYPOINT_D {
        b.exec(&format!("/docker-entrypoint.d/{name}"), rootfs::nginx_entrypoint_script(name, purpose));
        b.commit(format!("COPY {name} /docker-entrypoint.d # buildkit"));
    }
    b.metadata("ENTRYPOINT [\"/docker-entrypoint.sh\"]");
    b.metadata("EXPOSE map[80/tcp:{}]");
    b.metadata("STOPSIGNAL SIGQUIT");
    b.metadata(format!("CMD {}", exec_form(&["nginx", "-g", "daemon off;"])));
}

fn nginx_defaults(env: &[&str]) -> ImageDefaults {
    let mut defaults = defaults(env, Some(&["/docker-entrypoint.sh"]), &["nginx", "-g", "daemon off;"]);
    defaults.exposed_ports.push("80/tcp".to_string());
    defaults.stop_signal = Some("SIGQUIT".to_string());
    defaults.labels.insert("maintainer".to_string(), NGINX_MAINTAINER.to_string());
    defaults
}

/// The symbolic links that send nginx's logs to the container's output, and the entrypoint directory.
fn nginx_logs(b: &mut TreeBuilder) {
    b.link("/var/log/nginx/access.log", "/dev/stdout");
    b.link("/var/log/nginx/error.log", "/dev/stderr");
    b.dir("/docker-entrypoint.d", 0o755, 0, 0);
}

fn nginx(arch: Arch) -> Built {
    let distro = Distro::Bookworm;
    let mut b = TreeBuilder::new();
    let mut system = debian_base(&mut b, distro, arch, true);
    let env = [
        PATH,
        "NGINX_VERSION=1.27.2",
        "NJS_VERSION=0.8.6",
        "NJS_RELEASE=1~bookworm",
        "PKG_RELEASE=1~bookworm",
        "DYNPKG_RELEASE=1~bookworm",
    ];
    b.metadata(format!("LABEL maintainer={NGINX_MAINTAINER}"));
    for entry in env.iter().skip(1) {
        b.metadata(format!("ENV {entry}"));
    }
    system.accounts.add_group("nginx", 101);
    system.accounts.add_user("nginx", 101, 101, "nginx user", "/nonexistent", "/bin/false", true);
    system.write_accounts(&mut b);
    system.install(&mut b, &["ca-certificates", "curl", "gettext-base"]);
    let vendor = vendor_packages(NGINX_ORG_DEBIAN, Manager::Apt, distro, arch);
    system.install_vendor(
        &mut b,
        &vendor,
        &["nginx", "nginx-module-xslt", "nginx-module-geoip", "nginx-module-image-filter", "nginx-module-njs"],
    );
    nginx_logs(&mut b);
    b.commit(
        "RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx \
         --no-create-home --home /nonexistent --comment \"nginx user\" --shell /bin/false --uid 101 nginx     && \
         apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates \
         && NGINX_GPGKEYS=\"573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62 8540A6F18833A80E9C1653A42FD21310B49F6B46 \
         9E9BE90EACBCDE69FE9B204CBCDCD8A38D88A2B3\";     NGINX_GPGKEY_PATH=/etc/apt/keyrings/nginx-archive-keyring.gpg; \
         ...     && apt-get install --no-install-recommends --no-install-suggests -y                         $nginxPackages \
         gettext-base                         curl     && apt-get remove --purge --auto-remove -y && rm -rf \
         /var/lib/apt/lists/* /etc/apt/sources.list.d/nginx.list         && ln -sf /dev/stdout /var/log/nginx/access.log \
         && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d # buildkit",
    );
    nginx_tail(&mut b);
    finish(b, nginx_defaults(&env))
}

fn nginx_alpine(arch: Arch) -> Built {
    let distro = Distro::Alpine320;
    let mut b = TreeBuilder::new();
    let mut system = alpine_base(&mut b, distro, arch);
    let env = [PATH, "NGINX_VERSION=1.27.2", "PKG_RELEASE=1", "DYNPKG_RELEASE=1", "NJS_VERSION=0.8.6", "NJS_RELEASE=1"];
    b.metadata(format!("LABEL maintainer={NGINX_MAINTAINER}"));
    for entry in env.iter().skip(1).take(3) {
        b.metadata(format!("ENV {entry}"));
    }
    system.accounts.add_group("nginx", 101);
    system.accounts.add_user("nginx", 101, 101, "nginx", "/var/cache/nginx", "/sbin/nologin", true);
    system.accounts.add_member("nginx", "nginx");
    system.write_accounts(&mut b);
    system.install(&mut b, &["tzdata", "curl", "ca-certificates", "pcre2"]);
    let vendor = vendor_packages(NGINX_ORG_ALPINE, Manager::Apk, distro, arch);
    system.install_vendor(&mut b, &vendor, &["nginx"]);
    nginx_logs(&mut b);
    b.commit(
        "RUN /bin/sh -c set -x     && addgroup -g 101 -S nginx     && adduser -S -D -H -u 101 -h /var/cache/nginx -s \
         /sbin/nologin -G nginx -g nginx nginx     && apkArch=\"$(cat /etc/apk/arch)\"     && nginxPackages=\"         \
         nginx=${NGINX_VERSION}-r${PKG_RELEASE}     \"     && apk add --no-cache --virtual .checksum-deps         \
         openssl     && case \"$apkArch\" in         x86_64|aarch64)             set -x             && \
         KEY_SHA512=\"e09fa32f0a0eab2b879ccbbc4d0e4fb9751486eedda75e35fac65802cc9faa266425edf83e261137a2f4d16281ce2c1a5f4502930fe75154723da014214f0655\" \
         && wget -O /tmp/nginx_signing.rsa.pub https://nginx.org/keys/nginx_signing.rsa.pub ...     && apk add \
         --no-cache --virtual .nginx-rundeps tzdata $runDeps     && apk del --no-network .build-deps     && apk add \
         --no-cache curl ca-certificates     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr \
         /var/log/nginx/error.log     && mkdir /docker-entrypoint.d # buildkit",
    );
    nginx_tail(&mut b);
    for entry in env.iter().skip(4) {
        b.metadata(format!("ENV {entry}"));
    }
    system.install_vendor(&mut b, &vendor, &["nginx-module-njs"]);
    b.commit(
        "RUN /bin/sh -c set -x     && apkArch=\"$(cat /etc/apk/arch)\"     && nginxPackages=\"         \
         nginx=${NGINX_VERSION}-r${PKG_RELEASE}         nginx-module-xslt=${NGINX_VERSION}-r${DYNPKG_RELEASE}         \
         nginx-module-geoip=${NGINX_VERSION}-r${DYNPKG_RELEASE}         \
         nginx-module-image-filter=${NGINX_VERSION}-r${DYNPKG_RELEASE}         \
         nginx-module-njs=${NGINX_VERSION}.${NJS_VERSION}-r${NJS_RELEASE}     \"     && apk add --no-cache \
         --virtual .checksum-deps         openssl     && ... && apk add -X \
         \"https://nginx.org/packages/mainline/alpine/v$(egrep -o '^[0-9]+\\.[0-9]+' /etc/alpine-release)/main\" \
         --no-cache $nginxPackages # buildkit",
    );
    finish(b, nginx_defaults(&env))
}

fn python_slim(arch: Arch) -> Built {
    let distro = Distro::Bookworm;
    let mut b = TreeBuilder::new();
    let mut system = debian_base(&mut b, distro, arch, true);
    let path = "PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    let env = [path, "LANG=C.UTF-8", "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305", "PYTHON_VERSION=3.12.7"];
    b.metadata(format!("ENV {path}"));
    b.metadata("ENV LANG=C.UTF-8");
    system.install(&mut b, &["ca-certificates", "netbase", "tzdata"]);
    b.commit(
        "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \
         \t\tnetbase \t\ttzdata \t; \trm -rf /var/lib/apt/lists/* # buildkit",
    );
    b.metadata("ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305");
    b.metadata("ENV PYTHON_VERSION=3.12.7");
    // The runtime libraries the build kept (apt-mark manual), then python itself under /usr/local.
    system.install(&mut b, &["libexpat1", "libffi8", "libsqlite3-0", "libncursesw6", "libreadline8", "libssl3"]);
    python_files(&mut b, arch);
    b.commit(
        "RUN /bin/sh -c set -eux; \t\tsavedAptMark=\"$(apt-mark showmanual)\"; \tapt-get update; \tapt-get install -y \
         --no-install-recommends \t\tdpkg-dev \t\tgcc \t\tgnupg \t\tlibbluetooth-dev \t\tlibbz2-dev \t\tlibc6-dev \
         \t\tlibdb-dev \t\tlibexpat1-dev \t\tlibffi-dev \t\tlibgdbm-dev \t\tliblzma-dev \t\tlibncursesw5-dev \
         \t\tlibreadline-dev \t\tlibsqlite3-dev \t\tlibssl-dev \t\tmake \t\ttk-dev \t\tuuid-dev \t\twget \t\txz-utils \
         \t\tzlib1g-dev \t; \t\twget -O python.tar.xz \
         \"https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz\"; \t... \t\
         ./configure \t\t--build=\"$gnuArch\" \t\t--enable-loadable-sqlite-extensions \t\t--enable-optimizations \
         \t\t--enable-option-checking=fatal \t\t--enable-shared \t\t--with-lto \t\t--with-system-expat \
         \t\t--with-ensurepip \t; \tmake -j \"$nproc\"; \tmake install; \t... \tapt-mark auto '.*' > /dev/null; \t\
         apt-mark manual $savedAptMark; \t... \tapt-get purge -y --auto-remove -o \
         APT::AutoRemove::RecommendsImportant=false; \trm -rf /var/lib/apt/lists/*; \t\tpython3 --version; \tpip3 \
         --version # buildkit",
    );
    for (link, target) in [
        ("idle", "idle3"),
        ("pip", "pip3"),
        ("pydoc", "pydoc3"),
        ("python", "python3"),
        ("python-config", "python3-config"),
    ] {
        b.link(&format!("/usr/local/bin/{link}"), target);
    }
    b.commit(
        "RUN /bin/sh -c set -eux; \tfor src in idle3 pip3 pydoc3 python3 python3-config; do \t\tdst=\"$(echo \"$src\" | \
         tr -d 3)\"; \t\t[ -s \"/usr/local/bin/$src\" ]; \t\t[ ! -e \"/usr/local/bin/$dst\" ]; \t\tln -svT \"$src\" \
         \"/usr/local/bin/$dst\"; \tdone # buildkit",
    );
    b.metadata("CMD [\"python3\"]");
    finish(b, defaults(&env, None, &["python3"]))
}

/// Python 3.12.7 as `make install` lays it out under /usr/local, with pip from ensurepip.
fn python_files(b: &mut TreeBuilder, arch: Arch) {
    let version = "3.12.7";
    let owner = format!("python {version}");
    for program in ["python3.12", "pydoc3.12", "idle3.12", "python3.12-config"] {
        b.exec(&format!("/usr/local/bin/{program}"), simulated_program(program, &version_line(program, version)));
    }
    for (link, target) in [
        ("python3", "python3.12"),
        ("pydoc3", "pydoc3.12"),
        ("idle3", "idle3.12"),
        ("python3-config", "python3.12-config"),
    ] {
        b.link(&format!("/usr/local/bin/{link}"), target);
    }
    b.exec("/usr/local/bin/pip3", applet_file("pip3"));
    b.exec("/usr/local/bin/pip3.12", applet_file("pip3"));
    let lib = "/usr/local/lib";
    for file in [
        "libpython3.12.so.1.0",
        "libpython3.so",
        "python3.12/os.py",
        "python3.12/site.py",
        "python3.12/json/__init__.py",
        "python3.12/http/client.py",
        "python3.12/sqlite3/__init__.py",
        "python3.12/venv/__init__.py",
        "python3.12/ensurepip/__init__.py",
        "python3.12/lib-dynload/_ssl.cpython-312-{march}-linux-gnu.so",
        "python3.12/site-packages/README.txt",
    ] {
        let path = format!("{lib}/{}", file.replace("{march}", arch.uname_machine()));
        b.text(&path, &String::from_utf8_lossy(&placeholder(&path, &owner)));
    }
    b.link(&format!("{lib}/libpython3.12.so"), "libpython3.12.so.1.0");
    let header = "/usr/local/include/python3.12/Python.h";
    b.text(header, &String::from_utf8_lossy(&placeholder(header, &owner)));
    // pip itself, as ensurepip installs it (pip3 and pip3.12 only; `pip` is linked in the next layer).
    let index = packages::pip_index(arch);
    if let Some(pip) = index.get("pip") {
        let dirs = InstallDirs::pip("/usr/local/lib/python3.12/site-packages", "/usr/local/bin");
        for (path, spec) in pip.entries(&dirs, false) {
            if path != "/usr/local/bin/pip" {
                b.add(spec);
            }
        }
    }
}
