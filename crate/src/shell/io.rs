//! File descriptors of the simulated shell: what fd 0–9 point at (the log's stdout/stderr, `/dev/null`, an
//! in-memory pipe or capture buffer, a file being written, an input being read), and the byte accounting that keeps
//! output and buffers within [`Limits`]. Everything runs synchronously, so a pipe is a buffer that the next command
//! of the pipeline reads once the previous one has finished.

use super::{LimitKind, Limits, Stream};
use std::sync::Arc;

pub const NFDS: usize = 10;

/// Receives a run's stdout and stderr as they are written (see [`super::Shell::stream_output`]).
pub type OutputSink = Box<dyn FnMut(Stream, &[u8])>;

/// Gives the process's standard input, all of it, when a command first reads it (see [`super::Shell::attach_stdin`]).
pub type InputSource = Box<dyn FnMut() -> Vec<u8>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fd {
    Closed,
    /// `/dev/null`: reads nothing, swallows writes.
    Null,
    /// The run's own stdout or stderr (the build log).
    Term(Stream),
    /// A buffer: a pipe, a command substitution, or a file being written (flushed when closed).
    Sink(usize),
    /// Bytes being read: a file, a here-document, the previous command of a pipeline.
    Source(usize),
    /// The process's own standard input (minibox), read in full when a command first reads it.
    Stdin,
}

pub type Fds = [Fd; NFDS];

/// Docker runs RUN with stdin on /dev/null, stdout and stderr to the log.
pub fn default_fds() -> Fds {
    let mut fds = [Fd::Closed; NFDS];
    fds[0] = Fd::Null;
    fds[1] = Fd::Term(Stream::Stdout);
    fds[2] = Fd::Term(Stream::Stderr);
    fds
}

/// A file a sink is written to: created or truncated when opened, the buffer appended when flushed.
#[derive(Clone, Debug)]
pub struct FileTarget {
    pub path: String,
    pub mode: u32,
}

pub struct SinkState {
    pub buf: Vec<u8>,
    pub file: Option<FileTarget>,
    serial: u64,
}

pub struct SourceState {
    data: Arc<[u8]>,
    pos: usize,
    serial: u64,
}

/// Output of a run, open buffers, and the counters the output limits apply to.
pub struct Io {
    sinks: Vec<Option<SinkState>>,
    sources: Vec<Option<SourceState>>,
    serial: u64,
    pub output: Vec<(Stream, Vec<u8>)>,
    out_bytes: u64,
    buf_bytes: u64,
    pub limits: Limits,
    /// Where the run's own stdout and stderr go as they are written, instead of being collected in `output` (a
    /// real process streams them).
    pub stream_to: Option<OutputSink>,
    /// Where [`Fd::Stdin`] reads from; `None`: there is no process stdin and fd 0 starts on `/dev/null`.
    pub stdin_from: Option<InputSource>,
    /// The source [`Fd::Stdin`] became once read (serial 0: no scope closes it).
    stdin_source: Option<usize>,
    /// The process's stdin stays open (a terminal, `docker run -i`): finding nothing in it at the first read means the
    /// program waits for input, which [`Io::waited`] notes.
    pub stdin_waits: bool,
    /// The bytes written to stdout and stderr when a program read an open, empty stdin (see [`Io::stdin_waits`]).
    pub waited: Option<u64>,
}

impl Io {
    pub fn new(limits: Limits) -> Io {
        Io {
            sinks: Vec::new(),
            sources: Vec::new(),
            serial: 0,
            output: Vec::new(),
            out_bytes: 0,
            buf_bytes: 0,
            limits,
            stream_to: None,
            stdin_from: None,
            stdin_source: None,
            stdin_waits: false,
            waited: None,
        }
    }

    /// Bytes written to the run's stdout and stderr so far (streamed or collected).
    pub fn written(&self) -> u64 {
        self.out_bytes
    }

    /// Starts a new run: empty output and counters (open buffers are closed by the caller before).
    pub fn reset(&mut self) {
        self.waited = None;
        self.output.clear();
        self.out_bytes = 0;
        self.buf_bytes = 0;
    }

    /// Gives runs from now on a new process stdin (read on first use), replacing one that was read already.
    pub fn set_stdin(&mut self, source: InputSource) {
        self.stdin_from = Some(source);
        self.stdin_source = None;
    }

    /// The serial the next opened buffer gets: a scope closes what was opened at or after it.
    pub fn mark(&self) -> u64 {
        self.serial
    }

    pub fn open_sink(&mut self, file: Option<FileTarget>) -> Fd {
        self.serial += 1;
        let state = SinkState { buf: Vec::new(), file, serial: self.serial };
        Fd::Sink(place(&mut self.sinks, state))
    }

    pub fn open_source(&mut self, data: Arc<[u8]>) -> Fd {
        self.serial += 1;
        let state = SourceState { data, pos: 0, serial: self.serial };
        Fd::Source(place(&mut self.sources, state))
    }

    /// Removes a sink and returns what was written to it.
    pub fn take_sink(&mut self, fd: Fd) -> Vec<u8> {
        match fd {
            Fd::Sink(i) => match self.sinks.get_mut(i).and_then(Option::take) {
                Some(state) => {
                    trim(&mut self.sinks);
                    state.buf
                }
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// What fd 0 is when a run starts: the process's stdin when there is one, else `/dev/null` (as Docker runs RUN).
    pub fn stdin_fd(&self) -> Fd {
        if self.stdin_from.is_some() || self.stdin_source.is_some() {
            Fd::Stdin
        } else {
            Fd::Null
        }
    }

    /// [`Fd::Stdin`] as the source it reads from (reading the process's stdin on first use); other fds unchanged.
    fn resolve(&mut self, fd: Fd) -> Fd {
        if fd != Fd::Stdin {
            return fd;
        }
        if let Some(index) = self.stdin_source {
            return Fd::Source(index);
        }
        let data = self.stdin_from.take().map(|mut read| read()).unwrap_or_default();
        if data.is_empty() && self.stdin_waits {
            self.waited.get_or_insert(self.out_bytes);
        }
        let index = place(&mut self.sources, SourceState { data: data.into(), pos: 0, serial: 0 });
        self.stdin_source = Some(index);
        Fd::Source(index)
    }

    /// Appends to the collected output, merging consecutive writes to one stream.
    fn collect(&mut self, stream: Stream, part: &[u8]) {
        match self.output.last_mut() {
            Some((last, buf)) if *last == stream => buf.extend_from_slice(part),
            _ if part.is_empty() => {}
            _ => self.output.push((stream, part.to_vec())),
        }
    }

    pub fn write(&mut self, fd: Fd, bytes: &[u8]) -> Result<(), LimitKind> {
        if bytes.is_empty() {
            return Ok(());
        }
        match fd {
            Fd::Term(stream) => {
                let room = self.limits.max_output_bytes.saturating_sub(self.out_bytes);
                let fits = (bytes.len() as u64).min(room) as usize;
                self.out_bytes += fits as u64;
                let part = &bytes[..fits];
                if let Some(stream_to) = self.stream_to.as_mut() {
                    if !part.is_empty() {
                        stream_to(stream, part);
                    }
                } else {
                    self.collect(stream, part);
                }
                if fits < bytes.len() {
                    return Err(LimitKind::Output);
                }
                Ok(())
            }
            Fd::Sink(i) => {
                self.buf_bytes += bytes.len() as u64;
                if self.buf_bytes > self.limits.max_buffer_bytes {
                    return Err(LimitKind::Buffer);
                }
                if let Some(Some(state)) = self.sinks.get_mut(i) {
                    state.buf.extend_from_slice(bytes);
                }
                Ok(())
            }
            Fd::Null | Fd::Closed | Fd::Source(_) | Fd::Stdin => Ok(()),
        }
    }

    /// How many more bytes the buffer budget allows.
    pub fn room(&self) -> u64 {
        self.limits.max_buffer_bytes.saturating_sub(self.buf_bytes)
    }

    /// Counts bytes the shell builds in memory (expansions) against the buffer budget.
    pub fn charge(&mut self, bytes: usize) -> Result<(), LimitKind> {
        self.buf_bytes += bytes as u64;
        if self.buf_bytes > self.limits.max_buffer_bytes {
            return Err(LimitKind::Buffer);
        }
        Ok(())
    }

    /// Everything left to read.
    pub fn read_all(&mut self, fd: Fd) -> Vec<u8> {
        match self.resolve(fd) {
            Fd::Source(i) => match self.sources.get_mut(i) {
                Some(Some(state)) => {
                    let rest = state.data.get(state.pos..).unwrap_or(&[]).to_vec();
                    state.pos = state.data.len();
                    rest
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// Up to and including the next `delim`; `None` at end of input with nothing read.
    pub fn read_until(&mut self, fd: Fd, delim: u8) -> Option<Vec<u8>> {
        let Fd::Source(i) = self.resolve(fd) else { return None };
        let state = self.sources.get_mut(i)?.as_mut()?;
        let rest = state.data.get(state.pos..).unwrap_or(&[]);
        if rest.is_empty() {
            return None;
        }
        let end = rest.iter().position(|&b| b == delim).map_or(rest.len(), |i| i + 1);
        let line = rest[..end].to_vec();
        state.pos += end;
        Some(line)
    }

    /// Up to `n` bytes.
    pub fn read_bytes(&mut self, fd: Fd, n: usize) -> Vec<u8> {
        let Fd::Source(i) = self.resolve(fd) else { return Vec::new() };
        let Some(Some(state)) = self.sources.get_mut(i) else { return Vec::new() };
        let rest = state.data.get(state.pos..).unwrap_or(&[]);
        let end = n.min(rest.len());
        let out = rest[..end].to_vec();
        state.pos += end;
        out
    }

    /// Takes the pending bytes of every open sink writing to `path`, so the caller can flush them before `path` is
    /// read (`exec >log; cat log` sees what was written).
    pub fn take_pending(&mut self, path: &str) -> Vec<(FileTarget, Vec<u8>)> {
        let mut out = Vec::new();
        for state in self.sinks.iter_mut().flatten() {
            if let Some(file) = &state.file {
                if file.path == path && !state.buf.is_empty() {
                    out.push((file.clone(), std::mem::take(&mut state.buf)));
                }
            }
        }
        out
    }

    /// Closes the buffers opened since `mark` that none of `fds` refers to; returns the file sinks among them with
    /// their pending bytes, for the caller to flush.
    pub fn close_since(&mut self, mark: u64, fds: &Fds) -> Vec<(FileTarget, Vec<u8>)> {
        let mut flush = Vec::new();
        for (i, slot) in self.sinks.iter_mut().enumerate() {
            let keep = match slot {
                Some(state) => state.serial <= mark || fds.contains(&Fd::Sink(i)),
                None => true,
            };
            if !keep {
                if let Some(SinkState { buf, file: Some(file), .. }) = slot.take() {
                    flush.push((file, buf));
                }
            }
        }
        trim(&mut self.sinks);
        for (i, slot) in self.sources.iter_mut().enumerate() {
            if slot.as_ref().is_some_and(|s| s.serial > mark && !fds.contains(&Fd::Source(i))) {
                *slot = None;
            }
        }
        trim(&mut self.sources);
        flush
    }
}

fn place<T>(slots: &mut Vec<Option<T>>, value: T) -> usize {
    if let Some(i) = slots.iter().position(Option::is_none) {
        slots[i] = Some(value);
        i
    } else {
        slots.push(Some(value));
        slots.len() - 1
    }
}

fn trim<T>(slots: &mut Vec<Option<T>>) {
    while matches!(slots.last(), Some(None)) {
        slots.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_merged_per_stream_and_bounded() {
        let limits = Limits { max_output_bytes: 10, ..Limits::default() };
        let mut io = Io::new(limits);
        io.write(Fd::Term(Stream::Stdout), b"ab").unwrap();
        io.write(Fd::Term(Stream::Stdout), b"cd").unwrap();
        io.write(Fd::Term(Stream::Stderr), b"e").unwrap();
        assert_eq!(io.output.len(), 2);
        assert_eq!(io.write(Fd::Term(Stream::Stdout), b"0123456789"), Err(LimitKind::Output));
        let total: usize = io.output.iter().map(|(_, b)| b.len()).sum();
        assert_eq!(total, 10);
    }

    #[test]
    fn sources_read_lines_and_sinks_close_by_scope() {
        let mut io = Io::new(Limits::default());
        let src = io.open_source(Arc::from(&b"one\ntwo"[..]));
        assert_eq!(io.read_until(src, b'\n'), Some(b"one\n".to_vec()));
        assert_eq!(io.read_until(src, b'\n'), Some(b"two".to_vec()));
        assert_eq!(io.read_until(src, b'\n'), None);
        let mark = io.mark();
        let sink = io.open_sink(Some(FileTarget { path: "/f".into(), mode: 0o644 }));
        io.write(sink, b"data").unwrap();
        let flushed = io.close_since(mark, &default_fds());
        assert_eq!(flushed.len(), 1);
        assert_eq!(flushed[0].1, b"data");
    }
}
