//! Just enough WebDriver BiDi (Firefox's remote protocol) and of the DevTools protocol
//! (Chromium's) to open tabs and read the console: a WebSocket client over a blocking
//! `TcpStream` (masked text frames out, unmasked frames in), JSON commands, and the
//! `log.entryAdded` (BiDi) and `Log.entryAdded` (DevTools) events, which carry the CORS errors
//! each browser's console shows. Every read is bounded by a deadline.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct Bidi {
    stream: TcpStream,
    buffer: Vec<u8>,
    next_id: u64,
    /// `level: text` of every `log.entryAdded` event so far.
    pub console: Vec<String>,
}

impl Bidi {
    /// Connects to `ws://127.0.0.1:{port}/session` (BiDi).
    pub fn connect(port: u16, deadline: Instant) -> Result<Self, String> {
        Self::connect_to(port, "/session", deadline)
    }

    /// Connects to `ws://127.0.0.1:{port}{path}`.
    pub fn connect_to(port: u16, path: &str, deadline: Instant) -> Result<Self, String> {
        let stream = loop {
            match TcpStream::connect(("127.0.0.1", port)) {
                Ok(s) => break s,
                Err(e) if Instant::now() >= deadline => {
                    return Err(format!("remote protocol connect: {e}"));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        };
        let mut bidi = Bidi {
            stream,
            buffer: Vec::new(),
            next_id: 0,
            console: Vec::new(),
        };
        let handshake = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        bidi.stream
            .write_all(handshake.as_bytes())
            .map_err(|e| e.to_string())?;
        let end = loop {
            if let Some(i) = bidi.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            bidi.fill(deadline)?;
        };
        let head = String::from_utf8_lossy(&bidi.buffer[..end]).into_owned();
        if !head.starts_with("HTTP/1.1 101") {
            return Err(format!("remote protocol handshake refused: {head}"));
        }
        bidi.buffer.drain(..end);
        Ok(bidi)
    }

    /// Sends a command and waits for its answer, keeping the events that arrive meanwhile.
    pub fn command(
        &mut self,
        method: &str,
        params: Value,
        deadline: Instant,
    ) -> Result<Value, String> {
        self.command_in(None, method, params, deadline)
    }

    /// [`Bidi::command`] to one DevTools session (a tab attached with `flatten`), or to the
    /// browser with `None`.
    pub fn command_in(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
        deadline: Instant,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut command = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        let text = command.to_string();
        self.send(text.as_bytes())?;
        loop {
            let message = self.message(deadline)?;
            if message["id"] == id {
                return match message.get("error") {
                    Some(e) => Err(format!("{method}: {e} {}", message["message"])),
                    None => Ok(message["result"].clone()),
                };
            }
        }
    }

    /// Reads events until every page on `hosts` has reported under `tag` (or the deadline),
    /// then what is already on its way (the last CORS errors may trail the report); the
    /// console's messages.
    pub fn console_once_reported(
        mut self,
        hosts: &[&str],
        tag: &str,
        deadline: Instant,
    ) -> Vec<String> {
        self.pump_until(deadline, || {
            hosts.iter().all(|h| crate::page::report(h, tag).is_some())
        });
        self.pump_until(Instant::now() + Duration::from_millis(200), || false);
        self.console
    }

    /// Reads events until `done()` or the deadline.
    pub fn pump_until(&mut self, deadline: Instant, mut done: impl FnMut() -> bool) {
        while !done() && Instant::now() < deadline {
            let step = (Instant::now() + Duration::from_millis(100)).min(deadline);
            let _ = self.message(step);
        }
    }

    /// The next message; events are recorded on the way.
    fn message(&mut self, deadline: Instant) -> Result<Value, String> {
        let mut payload = Vec::new();
        loop {
            let (fin, opcode, data) = loop {
                if let Some(frame) = self.frame() {
                    break frame;
                }
                self.fill(deadline)?;
            };
            match opcode {
                0x9 => self.send_frame(0xA, &data)?,
                0x8 => return Err("remote protocol connection closed".into()),
                0xA => {}
                _ => {
                    payload.extend_from_slice(&data);
                    if fin {
                        break;
                    }
                }
            }
        }
        let message: Value = serde_json::from_slice(&payload).map_err(|e| e.to_string())?;
        let entry = match message["method"].as_str() {
            Some("log.entryAdded") => Some(&message["params"]),
            Some("Log.entryAdded") => Some(&message["params"]["entry"]),
            _ => None,
        };
        if let Some(entry) = entry {
            let level = entry["level"].as_str().unwrap_or("?");
            let text = entry["text"].as_str().unwrap_or("");
            self.console.push(format!("{level}: {text}"));
        }
        Ok(message)
    }

    /// One complete frame from the buffer, if there is one: (fin, opcode, payload).
    fn frame(&mut self) -> Option<(bool, u8, Vec<u8>)> {
        let b = &self.buffer;
        if b.len() < 2 {
            return None;
        }
        let (fin, opcode, masked) = (b[0] & 0x80 != 0, b[0] & 0x0F, b[1] & 0x80 != 0);
        let (len, mut at) = match b[1] & 0x7F {
            126 if b.len() >= 4 => (u16::from_be_bytes([b[2], b[3]]) as usize, 4),
            127 if b.len() >= 10 => (u64::from_be_bytes(b[2..10].try_into().ok()?) as usize, 10),
            126 | 127 => return None,
            n => (n as usize, 2),
        };
        let mask = match masked {
            true if b.len() >= at + 4 => {
                at += 4;
                Some([b[at - 4], b[at - 3], b[at - 2], b[at - 1]])
            }
            true => return None,
            false => None,
        };
        if b.len() < at + len {
            return None;
        }
        let mut data = b[at..at + len].to_vec();
        if let Some(mask) = mask {
            data.iter_mut()
                .enumerate()
                .for_each(|(i, x)| *x ^= mask[i % 4]);
        }
        self.buffer.drain(..at + len);
        Some((fin, opcode, data))
    }

    /// Reads what is there (bounded by `deadline`) into the buffer.
    fn fill(&mut self, deadline: Instant) -> Result<(), String> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err("remote protocol: timed out".into());
        }
        self.stream
            .set_read_timeout(Some(left))
            .map_err(|e| e.to_string())?;
        let mut chunk = [0u8; 64 * 1024];
        match self.stream.read(&mut chunk) {
            Ok(0) => Err("remote protocol connection closed".into()),
            Ok(n) => {
                self.buffer.extend_from_slice(&chunk[..n]);
                Ok(())
            }
            Err(e) => Err(format!("remote protocol read: {e}")),
        }
    }

    fn send(&mut self, text: &[u8]) -> Result<(), String> {
        self.send_frame(0x1, text)
    }

    /// A client frame: final, masked (RFC 6455 requires clients to mask).
    fn send_frame(&mut self, opcode: u8, data: &[u8]) -> Result<(), String> {
        let mask = [0x5A, 0xC3, 0x0F, 0x96];
        let mut frame = vec![0x80 | opcode];
        match data.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n <= 0xFFFF => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&mask);
        frame.extend(data.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame).map_err(|e| e.to_string())
    }
}

/// A browser started in its own process group; dropping it kills the whole group (the browser
/// and its helpers) and reaps it, bounded: a stuck child is left to init rather than hang the
/// suite.
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .stderr(std::process::Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
