//! A private ChromeDriver for the end-to-end browser tests: Debian's `chromedriver` on a free loopback port, ready
//! once its `/status` says so, stopped when dropped. The tests reach it through `LAYERLAB_WEBDRIVER` and start their
//! own headless Chromium sessions with it (tests/webdriver.rs).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::command;
use crate::error::{Context, Error, Result};

/// How long ChromeDriver may take to answer `/status` with `ready` (it takes well under a second here).
const STARTUP: Duration = Duration::from_secs(30);

/// A running ChromeDriver; stopped and its log removed when dropped.
pub struct ChromeDriver {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
}

impl ChromeDriver {
    /// Starts `chromedriver` from `PATH` and waits until it is ready for sessions.
    pub fn start() -> Result<ChromeDriver> {
        let program = command::find_on_path("chromedriver")
            .ok_or_else(|| Error::new("there is no chromedriver on PATH (Debian package chromium-driver)"))?;
        // The OS names a free port, which is released for chromedriver to take. Another process could take it in
        // between; then chromedriver fails to start and says so in its log, which the error below shows.
        let address = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .context(|| "could not find a free port for chromedriver".to_string())?;
        let log = std::env::temp_dir().join(format!("layerlab-chromedriver-{}.log", std::process::id()));
        let log_file = std::fs::File::create(&log).context(|| log.display().to_string())?;
        let mut chromedriver = Command::new(&program);
        chromedriver
            .arg(format!("--port={}", address.port()))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().context(|| log.display().to_string())?)
            .stderr(log_file);
        eprintln!("$ {}", command::display(&chromedriver));
        let child = chromedriver.spawn().context(|| format!("could not start {}", program.display()))?;
        let driver = ChromeDriver { child, address, log };
        driver.wait_until_ready()?;
        eprintln!("chromedriver ready at {}", driver.url());
        Ok(driver)
    }

    /// The base URL of its WebDriver API, for `LAYERLAB_WEBDRIVER`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    fn wait_until_ready(&self) -> Result<()> {
        let deadline = Instant::now() + STARTUP;
        let mut last = String::from("no answer");
        while Instant::now() < deadline {
            match http_get(self.address, "/status") {
                Ok(body) if reports_ready(&body) => return Ok(()),
                Ok(body) => last = format!("/status answered {body}"),
                Err(error) => last = error.to_string(),
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(15).collect();
        Err(Error::new(format!(
            "chromedriver was not ready within {} s ({last}); the end of its log:\n{}",
            STARTUP.as_secs(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        )))
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        command::stop(&mut self.child, Duration::from_secs(5));
        let _ = std::fs::remove_file(&self.log);
    }
}

/// The body of a plain `GET` with a `200 OK` answer (enough for `/status`; the tests have a full client). The body
/// ends where `Content-Length` says: ChromeDriver keeps the connection open whatever `Connection: close` asks, so
/// reading to the end would wait for the read timeout.
fn http_get(address: SocketAddr, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(1))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")?;
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status)?;
    let (mut line, mut length) = (String::new(), None);
    while reader.read_line(&mut line)? > 0 && !line.trim().is_empty() {
        // ChromeDriver writes `Content-Length:249`, without the space.
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
        line.clear();
    }
    let length = length.ok_or_else(|| std::io::Error::other(format!("no Content-Length in the answer to {path}")))?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let body = String::from_utf8_lossy(&body).into_owned();
    if status.starts_with("HTTP/1.1 200") {
        Ok(body)
    } else {
        Err(std::io::Error::other(format!("{path} answered {}: {body}", status.trim_end())))
    }
}

/// Whether a `/status` body says `"ready": true` (W3C WebDriver: the driver can create a session now).
fn reports_ready(body: &str) -> bool {
    body.split("\"ready\"")
        .skip(1)
        .any(|after| after.trim_start().strip_prefix(':').is_some_and(|value| value.trim_start().starts_with("true")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_readiness_from_status() {
        let ready = r#"{"value":{"message":"ChromeDriver ready for new sessions.","ready":true}}"#;
        assert!(reports_ready(ready));
        assert!(reports_ready(r#"{"value": {"ready" : true}}"#));
        assert!(!reports_ready(r#"{"value":{"message":"busy","ready":false}}"#));
        assert!(!reports_ready(r#"{"value":{"message":"\"ready\" soon"}}"#));
        assert!(!reports_ready(""));
    }

    #[test]
    fn reads_an_answer_by_its_length_on_a_connection_left_open() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = [0; 1024];
            let _ = stream.read(&mut request).unwrap();
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length:25\r\n\r\n{\"value\":{\"ready\":true}}\n").unwrap();
            // As ChromeDriver does: the connection stays open until the client closes it.
            let _ = stream.read(&mut request);
        });
        let started = std::time::Instant::now();
        assert_eq!(http_get(address, "/status").unwrap(), "{\"value\":{\"ready\":true}}\n");
        assert!(started.elapsed() < Duration::from_secs(2), "waited for the connection to close");
        server.join().unwrap();
    }
}
