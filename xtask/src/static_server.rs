//! A small static file server for the web playground on http://127.0.0.1:PORT: GET and HEAD only, files under one
//! root directory and never outside it, `index.html` for directories, the MIME types a browser insists on
//! (`application/wasm` for streaming compilation, `text/javascript` for ES modules), and `Cache-Control: no-cache`.
//! `cargo xtask serve` runs it in the foreground; `cargo xtask test` in a background thread for the browser tests.
//! Loopback only; not for production.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Context, Result};

/// Serves `root` on 127.0.0.1:`port` until the process is stopped.
pub fn serve(root: &Path, port: u16) -> Result<()> {
    let root = root.canonicalize().context(|| format!("cannot serve {}", root.display()))?;
    let listener = TcpListener::bind(("127.0.0.1", port))
        .context(|| format!("could not listen on 127.0.0.1:{port} (is something else using the port?)"))?;
    eprintln!("serving {} (Ctrl-C stops)", root.display());
    // On stdout and on a line of its own: the one thing to copy from all the output above.
    let _ = writeln!(io::stdout(), "\nlayerlab playground: http://127.0.0.1:{port}/\n");
    serve_connections(&listener, &root, None);
    Ok(())
}

/// Serves `root` on 127.0.0.1 at a port the OS picks, from a background thread that runs until the process ends
/// (xtask is short-lived); returns the address. For the browser tests, which may run beside a `cargo xtask serve`.
pub fn spawn(root: &Path) -> Result<SocketAddr> {
    let root = root.canonicalize().context(|| format!("cannot serve {}", root.display()))?;
    let listener = TcpListener::bind(("127.0.0.1", 0)).context(|| "could not listen on 127.0.0.1".to_string())?;
    let address = listener.local_addr().context(|| "could not read the server's address".to_string())?;
    std::thread::spawn(move || serve_connections(&listener, &root, None));
    Ok(address)
}

/// Answers connections on `listener`, each in its own thread; stops after `limit` connections when one is given.
fn serve_connections(listener: &TcpListener, root: &Path, limit: Option<usize>) {
    for stream in listener.incoming().take(limit.unwrap_or(usize::MAX)) {
        let root = root.to_path_buf();
        match stream {
            Ok(stream) => {
                std::thread::spawn(move || {
                    if let Err(error) = answer(stream, &root) {
                        eprintln!("static server: {error}");
                    }
                });
            }
            Err(error) => eprintln!("static server: could not accept a connection: {error}"),
        }
    }
}

/// Reads one request and writes one response, then closes the connection.
fn answer(stream: TcpStream, root: &Path) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // The headers tell us nothing we need; read them so the client is not cut off mid-request.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let response = match method {
        "GET" | "HEAD" => match url_path_to_relative(target).and_then(|relative| find_file(root, &relative)) {
            Some(file) => match std::fs::read(&file) {
                Ok(body) => Response { status: "200 OK", content_type: content_type(&file), body },
                Err(_) => Response::text("404 Not Found", "not found\n"),
            },
            None => Response::text("404 Not Found", "not found\n"),
        },
        "" => Response::text("400 Bad Request", "bad request\n"),
        _ => Response::text("405 Method Not Allowed", "only GET and HEAD\n"),
    };
    response.write_to(&stream, method == "HEAD")
}

struct Response {
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn text(status: &'static str, body: &str) -> Response {
        Response { status, content_type: "text/plain; charset=utf-8", body: body.as_bytes().to_vec() }
    }

    fn write_to(&self, mut stream: &TcpStream, head_only: bool) -> io::Result<()> {
        // `no-cache`: the playground is rebuilt often, and a stale wasm next to fresh JavaScript breaks the page.
        let head = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        stream.write_all(head.as_bytes())?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

/// The file a relative path names under `root`: `index.html` for a directory, and nothing that resolves (through a
/// symbolic link, say) outside `root`. `root` must be canonical.
fn find_file(root: &Path, relative: &Path) -> Option<PathBuf> {
    let mut path = root.join(relative);
    if path.is_dir() {
        path.push("index.html");
    }
    let path = path.canonicalize().ok()?;
    (path.starts_with(root) && path.is_file()).then_some(path)
}

/// The relative file path a request target names (`/pkg/layerlab.js?v=2` → `pkg/layerlab.js`), percent-decoded.
/// `None` for anything that could leave the served directory: a `..` segment (however encoded), a backslash, a NUL,
/// or an encoded `/` inside a segment.
pub fn url_path_to_relative(target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let mut relative = PathBuf::new();
    for segment in path.split('/') {
        let segment = percent_decode(segment)?;
        match segment.as_str() {
            "" | "." => continue,
            ".." => return None,
            _ if segment.contains(['/', '\\', '\0']) => return None,
            _ => relative.push(segment),
        }
    }
    Some(relative)
}

/// `%XX` escapes to bytes, then UTF-8; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

/// The `Content-Type` for a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|extension| extension.to_str()).unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "md" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "tar" => "application/x-tar",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type(Path::new("pkg/layerlab_bg.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("pkg/layerlab.js")), "text/javascript; charset=utf-8");
        assert_eq!(content_type(Path::new("app.mjs")), "text/javascript; charset=utf-8");
        assert_eq!(content_type(Path::new("index.HTML")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("style.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("lessons/01-from.md")), "text/markdown; charset=utf-8");
        assert_eq!(content_type(Path::new("icon.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("lessons/index.json")), "application/json");
        assert_eq!(content_type(Path::new("screenshot.png")), "image/png");
        assert_eq!(content_type(Path::new("favicon.ico")), "image/x-icon");
        assert_eq!(content_type(Path::new("fonts/mono.woff2")), "font/woff2");
        assert_eq!(content_type(Path::new("Dockerfile")), "application/octet-stream");
        // The binaries the page hands to the core for exports have no extension.
        assert_eq!(content_type(Path::new("pkg/minibox-amd64")), "application/octet-stream");
    }

    #[test]
    fn request_targets_become_relative_paths() {
        assert_eq!(url_path_to_relative("/"), Some(PathBuf::new()));
        assert_eq!(url_path_to_relative("/pkg/layerlab.js?v=2#top"), Some(PathBuf::from("pkg/layerlab.js")));
        assert_eq!(url_path_to_relative("//./pkg//a.wasm"), Some(PathBuf::from("pkg/a.wasm")));
        assert_eq!(url_path_to_relative("/two%20words.txt"), Some(PathBuf::from("two words.txt")));
    }

    #[test]
    fn nothing_escapes_the_root() {
        for target in
            ["/../secret", "/a/../../b", "/%2e%2e/secret", "/a/..%2fb", "/a%5c..%5cb", "/a%00", "/%zz", "/%e9"]
        {
            assert_eq!(url_path_to_relative(target), None, "{target}");
        }
    }

    /// A fresh directory under the system's temporary directory, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let path = std::env::temp_dir().join(format!("layerlab-xtask-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(path.join("pkg")).unwrap();
            TempDir(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn request(address: std::net::SocketAddr, request: &str) -> String {
        let mut stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    #[test]
    fn serves_files_over_loopback() {
        let site = TempDir::new("serve");
        std::fs::write(site.0.join("index.html"), "<h1>layerlab</h1>").unwrap();
        std::fs::write(site.0.join("pkg").join("layerlab_bg.wasm"), b"\0asm").unwrap();
        let outside = format!("layerlab-xtask-outside-{}.txt", std::process::id());
        std::fs::write(site.0.parent().unwrap().join(&outside), "secret").unwrap();
        let root = site.0.canonicalize().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || serve_connections(&listener, &root, Some(5)));

        let index = request(address, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(index.starts_with("HTTP/1.1 200 OK\r\n"), "{index}");
        assert!(index.contains("Content-Type: text/html; charset=utf-8\r\n"), "{index}");
        assert!(index.contains("Cache-Control: no-cache\r\n"), "{index}");
        assert!(index.ends_with("\r\n\r\n<h1>layerlab</h1>"), "{index}");

        let wasm = request(address, "HEAD /pkg/layerlab_bg.wasm HTTP/1.1\r\n\r\n");
        assert!(wasm.contains("Content-Type: application/wasm\r\nContent-Length: 4\r\n"), "{wasm}");
        assert!(wasm.ends_with("\r\n\r\n"), "HEAD has no body: {wasm}");

        let escape = request(address, &format!("GET /../{outside} HTTP/1.1\r\n\r\n"));
        assert!(escape.starts_with("HTTP/1.1 404 Not Found\r\n"), "{escape}");
        let missing = request(address, "GET /nope.js HTTP/1.1\r\n\r\n");
        assert!(missing.starts_with("HTTP/1.1 404 Not Found\r\n"), "{missing}");
        let post = request(address, "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assert!(post.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"), "{post}");

        server.join().unwrap();
        let _ = std::fs::remove_file(site.0.parent().unwrap().join(&outside));
    }

    #[test]
    fn serves_in_the_background_on_a_port_the_os_picks() {
        let site = TempDir::new("spawn");
        std::fs::write(site.0.join("pkg").join("minibox-amd64"), b"\x7fELF").unwrap();
        let address = spawn(&site.0).unwrap();
        assert!(address.ip().is_loopback() && address.port() != 0, "{address}");
        let minibox = request(address, "GET /pkg/minibox-amd64 HTTP/1.1\r\n\r\n");
        assert!(minibox.contains("Content-Type: application/octet-stream\r\nContent-Length: 4\r\n"), "{minibox}");
        assert!(minibox.ends_with("\r\n\r\n\x7fELF"), "{minibox}");
    }
}
