//! A small W3C WebDriver client for the end-to-end browser tests: a headless Chromium session, navigation, elements,
//! scripts, the console and screenshots, over plain HTTP/1.1 with std's `TcpStream` and serde_json (no async runtime,
//! no new dependencies). `cargo xtask test` starts ChromeDriver and serves `www/`, and names both in
//! `LAYERLAB_WEBDRIVER` and `LAYERLAB_SITE_URL`; `crate::browser()` turns them into a [`Browser`].
//!
//! Every call returns `Result<_, String>` whose error says which command failed and what the driver answered, so a
//! test can `unwrap()` and still read why.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// W3C WebDriver's key codes for [`Element::send_keys`]: put them in the text, e.g.
/// `format!("{CONTROL}a{NULL}{BACKSPACE}")` selects everything and deletes it. A modifier stays down until
/// [`keys::NULL`] or the end of the text.
pub mod keys {
    pub const NULL: char = '\u{E000}';
    pub const BACKSPACE: char = '\u{E003}';
    pub const TAB: char = '\u{E004}';
    pub const ENTER: char = '\u{E007}';
    pub const SHIFT: char = '\u{E008}';
    pub const CONTROL: char = '\u{E009}';
    pub const ALT: char = '\u{E00A}';
    pub const ESCAPE: char = '\u{E00C}';
    pub const PAGE_UP: char = '\u{E00E}';
    pub const PAGE_DOWN: char = '\u{E00F}';
    pub const END: char = '\u{E010}';
    pub const HOME: char = '\u{E011}';
    pub const ARROW_LEFT: char = '\u{E012}';
    pub const ARROW_UP: char = '\u{E013}';
    pub const ARROW_RIGHT: char = '\u{E014}';
    pub const ARROW_DOWN: char = '\u{E015}';
    pub const DELETE: char = '\u{E017}';
}

/// The CSS selector of the element(s) with `data-testid="name"`, the page's names for what tests touch.
pub fn by_testid(name: &str) -> String {
    format!("[data-testid=\"{}\"]", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The arguments every session's Chromium gets: headless; no sandbox (it cannot start one as root); and nothing that
/// reaches for the network or does work in the background beside the page under test.
pub const CHROMIUM_ARGS: [&str; 9] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Debian's Chromium, named to ChromeDriver when it is there (elsewhere ChromeDriver finds a Chrome by itself).
const CHROMIUM: &str = "/usr/bin/chromium";

/// How long one command may take before the client gives up on the driver. Above the session's own limits (page
/// load 60 s, scripts 30 s), so those report first and say what timed out.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// How often the `wait_*` methods look again.
const POLL: Duration = Duration::from_millis(50);

/// The key W3C WebDriver puts an element reference under, in answers and in script arguments.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A headless Chromium session; the session (and with it the browser) ends and its profile is removed on drop.
pub struct Browser {
    driver: Driver,
    session: String,
    profile: PathBuf,
    _permit: Permit,
}

impl Browser {
    /// Starts a session with the WebDriver server at `webdriver_url` (`http://127.0.0.1:PORT`), in a fresh
    /// profile under the temporary directory, with a 1400×900 window.
    pub fn start(webdriver_url: &str) -> Result<Browser, String> {
        let driver = Driver::new(webdriver_url)?;
        let permit = Permit::acquire();
        let profile = fresh_profile_dir();
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|arg| arg.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push("--window-size=1400,900".to_string());
        let mut chrome_options = json!({ "args": args });
        if std::path::Path::new(CHROMIUM).is_file() {
            chrome_options["binary"] = json!(CHROMIUM);
        }
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": chrome_options,
            // Every console message, not only errors: `console_log` and the `wait_*` errors show them.
            "goog:loggingPrefs": { "browser": "ALL" },
            "timeouts": { "implicit": 0, "pageLoad": 60_000, "script": 30_000 },
        }}});
        let answer = driver.command("POST", "/session", Some(&capabilities)).map_err(|failure| {
            let _ = std::fs::remove_dir_all(&profile);
            failure.explain("start a Chromium session", "POST /session")
        })?;
        let session = answer["sessionId"]
            .as_str()
            .ok_or_else(|| format!("start a Chromium session: the driver answered no sessionId: {answer}"))?
            .to_string();
        Ok(Browser { driver, session, profile, _permit: permit })
    }

    /// Opens `url` and waits for its `load` event.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.call(&format!("go to {url}"), "POST", "/url", Some(json!({ "url": url }))).map(drop)
    }

    /// Reloads the page and waits for its `load` event.
    pub fn refresh(&self) -> Result<(), String> {
        self.call("reload the page", "POST", "/refresh", Some(json!({}))).map(drop)
    }

    /// The address of the page shown now.
    pub fn url(&self) -> Result<String, String> {
        let answer = self.call("read the page's URL", "GET", "/url", None)?;
        string_in(answer, "read the page's URL")
    }

    /// The document's title.
    pub fn title(&self) -> Result<String, String> {
        let answer = self.call("read the page's title", "GET", "/title", None)?;
        string_in(answer, "read the page's title")
    }

    /// The first element `css` selects; an error if there is none.
    pub fn find(&self, css: &str) -> Result<Element<'_>, String> {
        let what = format!("find `{css}`");
        let answer = self.call(&what, "POST", "/element", Some(css_locator(css)))?;
        Element::from_answer(self, css, &answer).ok_or_else(|| format!("{what}: not an element: {answer}"))
    }

    /// Every element `css` selects, in document order (none is not an error).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>, String> {
        let what = format!("find all `{css}`");
        let answer = self.call(&what, "POST", "/elements", Some(css_locator(css)))?;
        elements_in(self, css, &answer).ok_or_else(|| format!("{what}: not a list of elements: {answer}"))
    }

    /// Waits until `css` selects something, then returns the first such element.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element<'_>, String> {
        let started = Instant::now();
        loop {
            if let Some(element) = self.find_all(css)?.into_iter().next() {
                return Ok(element);
            }
            if started.elapsed() >= timeout {
                return Err(format!("waited {:.1} s for `{css}` to appear{}", timeout.as_secs_f64(), self.context()));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until `script` — the body of a function, as for [`Browser::execute`] — returns `true`. A script that
    /// throws is tried again (what it reads may not exist yet); the last answer is in the error on timeout.
    pub fn wait_until_script(&self, script: &str, timeout: Duration) -> Result<(), String> {
        let started = Instant::now();
        loop {
            let last = match self.driver.command("POST", &self.path("/execute/sync"), Some(&script_body(script, &[]))) {
                Ok(Value::Bool(true)) => return Ok(()),
                Ok(value) => format!("it last returned {value}"),
                Err(failure) if failure.error == "javascript error" => format!("it last threw: {}", failure.message),
                Err(failure) => return Err(failure.explain(&format!("run `{script}`"), "POST /execute/sync")),
            };
            if started.elapsed() >= timeout {
                return Err(format!(
                    "waited {:.1} s for `{script}` to return true; {last}{}",
                    timeout.as_secs_f64(),
                    self.context()
                ));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Runs `script` as the body of a function in the page (`return …` gives the result), with `args` as
    /// `arguments[0]`, `arguments[1]` … ([`Element::to_arg`] passes an element). Returns what it returns as JSON.
    pub fn execute(&self, script: &str, args: &[Value]) -> Result<Value, String> {
        self.call(&format!("run `{script}`"), "POST", "/execute/sync", Some(script_body(script, args)))
    }

    /// Like [`Browser::execute`], but the result is what the script passes to its last argument, the callback:
    /// `const done = arguments[arguments.length - 1]; fetch(u).then(r => done(r.status));` (at most 30 s).
    pub fn execute_async(&self, script: &str, args: &[Value]) -> Result<Value, String> {
        self.call(&format!("run async `{script}`"), "POST", "/execute/async", Some(script_body(script, args)))
    }

    /// Cuts the browser off the network (`true`) or reconnects it, with ChromeDriver's network emulation: requests
    /// fail as they would offline, the page's and its workers' alike.
    pub fn set_offline(&self, offline: bool) -> Result<(), String> {
        let conditions = serde_json::json!({ "network_conditions": {
            "offline": offline, "latency": 0, "download_throughput": -1, "upload_throughput": -1 } });
        self.call("set the network conditions", "POST", "/chromium/network_conditions", Some(conditions)).map(drop)
    }

    /// The page as the window shows it, as PNG bytes.
    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let answer = self.call("take a screenshot", "GET", "/screenshot", None)?;
        let encoded = string_in(answer, "take a screenshot")?;
        decode_base64(&encoded).map_err(|error| format!("take a screenshot: the driver's base64 is bad: {error}"))
    }

    /// Writes a screenshot to `<temp dir>/layerlab-screenshots/NAME.png` and returns the path, for a failing test
    /// to name in its message.
    pub fn save_screenshot(&self, name: &str) -> Result<PathBuf, String> {
        let dir = std::env::temp_dir().join("layerlab-screenshots");
        std::fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.screenshot()?).map_err(|error| format!("{}: {error}", path.display()))?;
        Ok(path)
    }

    /// Resizes the window (the layout's breakpoints follow it).
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<(), String> {
        let rect = json!({ "width": width, "height": height });
        self.call(&format!("resize the window to {width}×{height}"), "POST", "/window/rect", Some(rect)).map(drop)
    }

    /// The browser console's messages since the last call (ChromeDriver's log; not part of W3C WebDriver).
    pub fn console_log(&self) -> Result<Vec<ConsoleMessage>, String> {
        let what = "read the console";
        let answer = self.call(what, "POST", "/se/log", Some(json!({ "type": "browser" })))?;
        let entries = answer.as_array().ok_or_else(|| format!("{what}: not a list: {answer}"))?;
        Ok(entries
            .iter()
            .map(|entry| ConsoleMessage {
                level: entry["level"].as_str().unwrap_or("").to_string(),
                message: entry["message"].as_str().unwrap_or("").to_string(),
            })
            .collect())
    }

    /// What a failed wait adds to its message: where the page is, and its console's messages since the last read.
    fn context(&self) -> String {
        let mut text = match self.url() {
            Ok(url) => format!("\n  page: {url}"),
            Err(error) => format!("\n  page: ({error})"),
        };
        if let Ok(messages) = self.console_log() {
            for message in messages.iter().rev().take(20).rev() {
                text.push_str(&format!("\n  console {}: {}", message.level, message.message));
            }
        }
        text
    }

    fn path(&self, suffix: &str) -> String {
        format!("/session/{}{suffix}", self.session)
    }

    /// Sends one command of this session; `what` says what it was for in the error.
    fn call(&self, what: &str, method: &str, suffix: &str, body: Option<Value>) -> Result<Value, String> {
        self.driver
            .command(method, &self.path(suffix), body.as_ref())
            .map_err(|failure| failure.explain(what, &format!("{method} {suffix}")))
    }
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser").field("driver", &self.driver.authority).field("session", &self.session).finish()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session closes Chromium, which lets go of its profile.
        let _ = self.driver.command("DELETE", &self.path(""), None);
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A message from the browser's console (`level`: SEVERE, WARNING, INFO, DEBUG).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleMessage {
    pub level: String,
    pub message: String,
}

/// An element of the page, found by a CSS selector; valid while the page that holds it is shown.
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
    css: String,
}

impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Element").field("selector", &self.css).field("id", &self.id).finish()
    }
}

impl<'a> Element<'a> {
    fn from_answer(browser: &'a Browser, css: &str, answer: &Value) -> Option<Element<'a>> {
        let id = answer.get(ELEMENT_KEY)?.as_str()?.to_string();
        Some(Element { browser, id, css: css.to_string() })
    }

    /// Clicks its centre (scrolled into view first), as a user would; an error if something covers it.
    pub fn click(&self) -> Result<(), String> {
        self.call("click", "POST", "/click", Some(json!({}))).map(drop)
    }

    /// Types `text` into it, with [`keys`] for special keys (W3C: `{"text": …}`).
    pub fn send_keys(&self, text: &str) -> Result<(), String> {
        self.call("type into", "POST", "/value", Some(json!({ "text": text }))).map(drop)
    }

    /// Empties a text field or editable element.
    pub fn clear(&self) -> Result<(), String> {
        self.call("clear", "POST", "/clear", Some(json!({}))).map(drop)
    }

    /// Its text as rendered (hidden parts left out, as `innerText`).
    pub fn text(&self) -> Result<String, String> {
        let answer = self.call("read the text of", "GET", "/text", None)?;
        string_in(answer, &format!("read the text of `{}`", self.css))
    }

    /// An HTML attribute as written in the markup, `None` when it is absent.
    pub fn attribute(&self, name: &str) -> Result<Option<String>, String> {
        let answer =
            self.call(&format!("read attribute {name} of"), "GET", &format!("/attribute/{}", escape(name)), None)?;
        Ok(answer.as_str().map(str::to_string))
    }

    /// A DOM property as it is now (`value` of a textarea, `checked`, `disabled` …).
    pub fn property(&self, name: &str) -> Result<Value, String> {
        self.call(&format!("read property {name} of"), "GET", &format!("/property/{}", escape(name)), None)
    }

    /// Whether it is shown (not `display: none`, not hidden by an ancestor, not zero-sized).
    pub fn is_displayed(&self) -> Result<bool, String> {
        let answer = self.call("check whether it shows", "GET", "/displayed", None)?;
        answer.as_bool().ok_or_else(|| format!("check whether `{}` shows: not a boolean: {answer}", self.css))
    }

    /// The first element inside this one that `css` selects.
    pub fn find(&self, css: &str) -> Result<Element<'a>, String> {
        let answer = self.call(&format!("find `{css}` in"), "POST", "/element", Some(css_locator(css)))?;
        let css = format!("{} {css}", self.css);
        Element::from_answer(self.browser, &css, &answer).ok_or_else(|| format!("find `{css}`: not an element"))
    }

    /// Every element inside this one that `css` selects.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'a>>, String> {
        let answer = self.call(&format!("find all `{css}` in"), "POST", "/elements", Some(css_locator(css)))?;
        let css = format!("{} {css}", self.css);
        elements_in(self.browser, &css, &answer).ok_or_else(|| format!("find all `{css}`: not a list of elements"))
    }

    /// The element as a script argument: `browser.execute("return arguments[0].scrollTop", &[element.to_arg()])`.
    pub fn to_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    /// The selector it was found by (for messages).
    pub fn selector(&self) -> &str {
        &self.css
    }

    fn call(&self, what: &str, method: &str, suffix: &str, body: Option<Value>) -> Result<Value, String> {
        let path = self.browser.path(&format!("/element/{}{suffix}", self.id));
        self.browser
            .driver
            .command(method, &path, body.as_ref())
            .map_err(|failure| failure.explain(&format!("{what} `{}`", self.css), &format!("{method} …{suffix}")))
    }
}

fn css_locator(css: &str) -> Value {
    json!({ "using": "css selector", "value": css })
}

fn script_body(script: &str, args: &[Value]) -> Value {
    json!({ "script": script, "args": args })
}

fn elements_in<'a>(browser: &'a Browser, css: &str, answer: &Value) -> Option<Vec<Element<'a>>> {
    answer.as_array()?.iter().map(|item| Element::from_answer(browser, css, item)).collect()
}

fn string_in(answer: Value, what: &str) -> Result<String, String> {
    match answer {
        Value::String(text) => Ok(text),
        other => Err(format!("{what}: not a string: {other}")),
    }
}

/// Percent-encodes what is not safe in a URL path segment (attribute and property names are usually plain).
fn escape(segment: &str) -> String {
    segment
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// A fresh, not yet existing profile directory for one session (Chromium creates it), unique in this process.
fn fresh_profile_dir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let number = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("layerlab-chromium-{}-{number}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Why a command failed: W3C's error code (`no such element`, `javascript error` …, empty when the driver could
/// not be reached or answered nonsense) and its message.
#[derive(Debug)]
struct Failure {
    error: String,
    message: String,
}

impl Failure {
    fn transport(message: String) -> Failure {
        Failure { error: String::new(), message }
    }

    /// A failure the driver reported. ChromeDriver starts its message with the code again and ends it with a
    /// `(Session info: chrome=…)` line; both are left out, so the message says each thing once.
    fn reported(error: &str, message: &str) -> Failure {
        let message = message.strip_prefix(error).and_then(|rest| rest.strip_prefix(": ")).unwrap_or(message);
        let message: Vec<&str> =
            message.lines().filter(|line| !line.trim_start().starts_with("(Session info:")).collect();
        Failure { error: error.to_string(), message: message.join("\n").trim_end().to_string() }
    }

    /// "find `[data-testid="step"]` (POST /element) failed: no such element: Unable to locate element …"
    fn explain(self, what: &str, command: &str) -> String {
        let answer = if self.error.is_empty() { self.message } else { format!("{}: {}", self.error, self.message) };
        format!("{what} ({command}) failed: {answer}")
    }
}

/// Where the WebDriver server is: `host:port` and a path prefix (often empty).
struct Driver {
    authority: String,
    prefix: String,
}

impl Driver {
    fn new(url: &str) -> Result<Driver, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("the WebDriver URL must start with http://, got `{url}`"))?;
        let (authority, prefix) = rest.split_once('/').map_or((rest, ""), |(authority, path)| (authority, path));
        if authority.is_empty() {
            return Err(format!("the WebDriver URL names no host: `{url}`"));
        }
        let prefix = prefix.trim_end_matches('/');
        let prefix = if prefix.is_empty() { String::new() } else { format!("/{prefix}") };
        Ok(Driver { authority: authority.to_string(), prefix })
    }

    /// Sends one command and returns the answer's `value`, or the failure it reports.
    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, Failure> {
        let (status, body) = self.exchange(method, path, body).map_err(|error| {
            Failure::transport(format!("no answer from the WebDriver server at {}: {error}", self.authority))
        })?;
        let answer: Value = serde_json::from_slice(&body).map_err(|error| {
            Failure::transport(format!("HTTP {status} with a body that is not JSON ({error}): {}", excerpt(&body)))
        })?;
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        match value.get("error").and_then(Value::as_str) {
            Some(error) => Err(Failure::reported(error, value["message"].as_str().unwrap_or(""))),
            None if (200..300).contains(&status) => Ok(value),
            None => Err(Failure::transport(format!("HTTP {status}: {}", excerpt(&body)))),
        }
    }

    /// One HTTP/1.1 request on its own connection (`Connection: close`); returns the status and the body.
    fn exchange(&self, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<(u16, Vec<u8>)> {
        let body = body.map(|body| body.to_string()).unwrap_or_default();
        let mut stream = TcpStream::connect(&self.authority)?;
        stream.set_read_timeout(Some(COMMAND_TIMEOUT))?;
        stream.set_write_timeout(Some(COMMAND_TIMEOUT))?;
        let head = format!(
            "{method} {}{path} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n\
             Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.prefix,
            self.authority,
            body.len()
        );
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        stream.flush()?;
        read_response(BufReader::new(stream))
    }
}

/// Reads an HTTP/1.1 response: the status line, the headers, and a body framed by `Content-Length`, by chunked
/// transfer coding, or by the end of the connection.
fn read_response(mut reader: impl BufRead) -> std::io::Result<(u16, Vec<u8>)> {
    let bad = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| bad(format!("not an HTTP status line: {:?}", line.trim_end())))?;
    let (mut length, mut chunked) = (None, false);
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        // ChromeDriver writes `Content-Length:249`, without the space.
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        if name.trim().eq_ignore_ascii_case("content-length") {
            length = Some(value.parse::<usize>().map_err(|_| bad(format!("bad Content-Length: {value}")))?);
        } else if name.trim().eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = line.trim_end().split(';').next().unwrap_or("");
            let size = usize::from_str_radix(size.trim(), 16).map_err(|_| bad(format!("bad chunk size: {size:?}")))?;
            if size == 0 {
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..])?;
            line.clear();
            reader.read_line(&mut line)?; // the CRLF after the chunk
        }
    } else if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok((status, body))
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(500) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.into_owned(),
    }
}

/// Standard base64 (RFC 4648, `+` and `/`, `=` padding) to bytes; white space is skipped, as in wrapped text.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut bit_count, mut padding) = (0u32, 0u32, 0usize);
    for (position, c) in text.char_indices() {
        let value = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '+' => 62,
            '/' => 63,
            '=' => {
                padding += 1;
                continue;
            }
            c if c.is_ascii_whitespace() => continue,
            c => return Err(format!("{c:?} at byte {position} is not base64")),
        };
        if padding > 0 {
            return Err(format!("{c:?} at byte {position} follows the `=` padding"));
        }
        bits = (bits << 6) | value;
        bit_count += 6;
        if bit_count >= 8 {
            bit_count -= 8;
            bytes.push((bits >> bit_count) as u8);
            bits &= (1 << bit_count) - 1;
        }
    }
    // Six bits left over mean a lone character (never valid); the rest must be zero and the padding must fit.
    let symbols = text.chars().filter(|c| !c.is_ascii_whitespace() && *c != '=').count();
    if bit_count >= 6 || bits != 0 || padding > 2 || (padding > 0 && (symbols + padding) % 4 != 0) {
        return Err(format!("the text does not end where base64 can ({symbols} symbols, {padding} `=`)"));
    }
    Ok(bytes)
}

/// How many browsers may be open at once in this test process. Each Chromium is several processes and a few hundred
/// MB; on a small machine, more of them than half its cores at once make every timed wait slower and flakier.
fn browser_limit() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    (cores / 2).clamp(1, 4)
}

/// A place among the browsers open at once, held by each `Browser`. A thread that already holds one is never made
/// to wait, so a test that opens two browsers cannot wait for itself.
struct Permit {
    holder: ThreadId,
}

static HOLDERS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());
static RELEASED: Condvar = Condvar::new();

impl Permit {
    fn acquire() -> Permit {
        let me = std::thread::current().id();
        let mut holders = HOLDERS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        while holders.len() >= browser_limit() && !holders.contains(&me) {
            holders = RELEASED.wait(holders).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        holders.push(me);
        Permit { holder: me }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut holders = HOLDERS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(index) = holders.iter().position(|holder| *holder == self.holder) {
            holders.swap_remove(index);
        }
        RELEASED.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_base64() {
        assert_eq!(decode_base64(""), Ok(vec![]));
        assert_eq!(decode_base64("Zg=="), Ok(b"f".to_vec()));
        assert_eq!(decode_base64("Zm8="), Ok(b"fo".to_vec()));
        assert_eq!(decode_base64("Zm9v"), Ok(b"foo".to_vec()));
        assert_eq!(decode_base64("Zm9vYmFy"), Ok(b"foobar".to_vec()));
        assert_eq!(decode_base64("Zm9v\nYmE="), Ok(b"fooba".to_vec()));
        // Every byte value, and the two symbols only base64 (not base64url) uses.
        let all: Vec<u8> = (0..=255).collect();
        let encoded =
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0\
                       xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5\
                       SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29\
                       zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==";
        assert_eq!(decode_base64(encoded), Ok(all));
        let png = decode_base64("iVBORw0KGgo=").unwrap();
        assert_eq!(png, b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn rejects_what_is_not_base64() {
        for bad in ["Zm9v!", "Z", "Zm9vY", "Zg=a", "Zg===", "Zh==", "Zm-_"] {
            assert!(decode_base64(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_responses_framed_every_way() {
        let sized = "HTTP/1.1 200 OK\r\nContent-Length:11\r\nContent-Type:application/json\r\n\r\n{\"value\":1}";
        assert_eq!(read_response(sized.as_bytes()).unwrap(), (200, b"{\"value\":1}".to_vec()));
        let chunked =
            "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"va\r\n7;x=y\r\nlue\":2}\r\n0\r\n\r\n";
        assert_eq!(read_response(chunked.as_bytes()).unwrap(), (404, b"{\"value\":2}".to_vec()));
        let until_closed = "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\noops";
        assert_eq!(read_response(until_closed.as_bytes()).unwrap(), (500, b"oops".to_vec()));
        assert!(read_response("hello\r\n\r\n".as_bytes()).is_err());
    }

    #[test]
    fn reads_driver_urls() {
        let plain = Driver::new("http://127.0.0.1:9515").unwrap();
        assert_eq!((plain.authority.as_str(), plain.prefix.as_str()), ("127.0.0.1:9515", ""));
        let hub = Driver::new("http://localhost:4444/wd/hub/").unwrap();
        assert_eq!((hub.authority.as_str(), hub.prefix.as_str()), ("localhost:4444", "/wd/hub"));
        assert!(Driver::new("https://example.com").is_err());
        assert!(Driver::new("http:///x").is_err());
    }

    #[test]
    fn selectors_and_path_segments() {
        assert_eq!(by_testid("build-all"), "[data-testid=\"build-all\"]");
        assert_eq!(by_testid("a\"b"), "[data-testid=\"a\\\"b\"]");
        assert_eq!(escape("data-testid"), "data-testid");
        assert_eq!(escape("a b/c"), "a%20b%2Fc");
    }

    #[test]
    fn failures_say_what_failed_and_what_the_driver_answered() {
        let chromedriver =
            "no such element: Unable to locate element: {\"selector\":\"h2\"}\n  (Session info: chrome=156)";
        let failure = Failure::reported("no such element", chromedriver);
        assert_eq!(
            failure.explain("find `h2`", "POST /element"),
            "find `h2` (POST /element) failed: no such element: Unable to locate element: {\"selector\":\"h2\"}"
        );
        let plain = Failure::reported("javascript error", "boom\nat line 1");
        assert_eq!(
            plain.explain("run `x`", "POST /execute/sync"),
            "run `x` (POST /execute/sync) failed: javascript error: boom\nat line 1"
        );
    }

    #[test]
    fn a_thread_holding_a_permit_never_waits_for_itself() {
        let permits: Vec<Permit> = (0..browser_limit() + 2).map(|_| Permit::acquire()).collect();
        drop(permits);
        assert!(HOLDERS.lock().unwrap().iter().all(|holder| *holder != std::thread::current().id()));
    }
}
