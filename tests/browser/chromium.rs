//! Headless Chromium, one run per page: `--dump-dom` after the page's `fetch()` calls settle
//! (`--virtual-time-budget`), with host names mapped to loopback addresses. Its console (the
//! CORS errors DevTools shows) goes to stderr with `--enable-logging=stderr`.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Debian's `chromium`, or `$CHROMIUM` if set.
pub fn binary() -> Result<PathBuf, String> {
    let path =
        std::env::var_os("CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from);
    match path.is_file() {
        true => Ok(path),
        false => Err(format!(
            "Chromium not found at {} (install it: `apt-get install -y chromium`, or `.ci/install-browser`; or set CHROMIUM=/path/to/chromium)",
            path.display()
        )),
    }
}

/// Longest a single page run may take before it is killed and its cases fail.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// What one run gave: the DOM once the page's work settled, and the console's messages.
pub struct Run {
    pub dom: String,
    pub console: Vec<String>,
}

/// Loads `url` in a fresh profile and returns the DOM once the page's work has settled, with
/// the console's messages. `resolver_rules` is Chromium's `--host-resolver-rules` value.
pub fn dump_dom(binary: &PathBuf, url: &str, resolver_rules: &str) -> Result<Run, String> {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let profile = std::env::temp_dir().join(format!(
        "axum-cors-browser-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
    let result = run(binary, url, resolver_rules, &profile);
    let _ = std::fs::remove_dir_all(&profile);
    result
}

fn run(
    binary: &PathBuf,
    url: &str,
    resolver_rules: &str,
    profile: &std::path::Path,
) -> Result<Run, String> {
    use std::os::unix::process::CommandExt;
    let mut child = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--host-resolver-rules={resolver_rules}"))
        .arg("--virtual-time-budget=10000")
        .args(["--enable-logging=stderr", "--v=0"])
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so that a timeout can end Chromium and all its children.
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let stdout = drain(child.stdout.take().expect("piped"));
    let stderr = drain(child.stderr.take().expect("piped"));
    let deadline = Instant::now() + RUN_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // Whatever happened, nothing of this run survives it: a helper process that outlived the
    // browser (its process group) is killed too.
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    // Bounded: a grandchild that kept a pipe open must not hang the suite.
    let stdout = stdout
        .recv_timeout(Duration::from_secs(5))
        .unwrap_or_default();
    let stderr = stderr
        .recv_timeout(Duration::from_secs(5))
        .unwrap_or_default();
    let tail = |s: &str| s.lines().rev().take(5).collect::<Vec<_>>().join(" | ");
    match status {
        None => Err(format!(
            "Chromium did not finish in {RUN_TIMEOUT:?} on {url}; stderr: {}",
            tail(&stderr)
        )),
        Some(s) if !s.success() => Err(format!(
            "Chromium exited with {s} on {url}; stderr: {}",
            tail(&stderr)
        )),
        Some(_) => Ok(Run {
            dom: stdout,
            console: console_messages(&stderr),
        }),
    }
}

/// The text of each console message in Chromium's log: `[...:INFO:CONSOLE:0] "<text>", source:
/// <url> (<line>)`.
fn console_messages(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .filter_map(|l| {
            let text = l.split_once("] \"")?.1;
            Some(text.rsplit_once("\", source:")?.0.to_owned())
        })
        .collect()
}

/// Reads a pipe to its end on a thread; the text arrives on the returned channel.
fn drain(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = send.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    receive
}
