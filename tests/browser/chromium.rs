//! Headless Chromium, with host names mapped to loopback addresses: the suite's own pages in
//! one browser, a tab each, over the DevTools protocol, whose `Log.entryAdded` events carry the
//! CORS errors its console shows ([`run_pages`]); a page that reports into its DOM only in a
//! run of its own, `--dump-dom` after the page's `fetch()` calls settle
//! (`--virtual-time-budget`), its console on stderr with `--enable-logging=stderr`
//! ([`dump_dom`]).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::json;

/// Every run's flags: headless, and quiet on this machine's closed network.
const FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

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
        .args(FLAGS)
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

/// What one run of several pages gave: each page's report by host, and the console's messages.
pub struct PagesRun {
    pub reports: HashMap<String, Result<String, String>>,
    pub console: Vec<String>,
}

/// Loads every `http://{host}/` at once, a tab each, in one Chromium driven over the DevTools
/// protocol (which also brings the console's messages), and waits for each page's report to
/// its own origin (`page::report`, untagged: Chromium's requests are the untagged ones). One
/// browser for all of them instead of one each: Chromium's start-up is most of a page's time.
pub fn run_pages(binary: &Path, hosts: &[&str], resolver_rules: &str) -> PagesRun {
    let profile =
        std::env::temp_dir().join(format!("axum-cors-chromium-tabs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let deadline = Instant::now() + RUN_TIMEOUT;
    let result = std::fs::create_dir_all(&profile)
        .map_err(|e| format!("{}: {e}", profile.display()))
        .and_then(|()| start_remote(binary, resolver_rules, &profile))
        .and_then(|child| {
            // Ends Chromium and its helpers when dropped, even on a panic while waiting.
            let _running = Group(child);
            let (port, path) = devtools_address(&profile, deadline)?;
            let mut cdp = crate::bidi::Bidi::connect_to(port, &path, deadline)?;
            for host in hosts {
                let blank = json!({ "url": "about:blank" });
                let target = cdp.command("Target.createTarget", blank, deadline)?;
                let attach = json!({ "targetId": target["targetId"], "flatten": true });
                let session = cdp.command("Target.attachToTarget", attach, deadline)?;
                let session = session["sessionId"].as_str().unwrap_or_default().to_owned();
                // The console is listened to before the page loads, so no message is missed.
                cdp.command_in(Some(&session), "Log.enable", json!({}), deadline)?;
                let url = json!({ "url": format!("http://{host}/") });
                cdp.command_in(Some(&session), "Page.navigate", url, deadline)?;
            }
            let all_in = || hosts.iter().all(|h| crate::page::report(h, "").is_some());
            cdp.pump_until(deadline, all_in);
            // The last CORS errors may trail the report: read what is already on its way.
            cdp.pump_until(Instant::now() + Duration::from_millis(200), || false);
            Ok(cdp.console)
        });
    let _ = std::fs::remove_dir_all(&profile);
    let report = |host: &&str| {
        let report = match &result {
            Ok(_) => crate::page::report(host, "").ok_or_else(|| {
                format!("Chromium did not report within {RUN_TIMEOUT:?} on http://{host}/")
            }),
            Err(e) => Err(format!("Chromium: {e}")),
        };
        (host.to_string(), report)
    };
    PagesRun {
        reports: hosts.iter().map(report).collect(),
        console: result.unwrap_or_default(),
    }
}

fn start_remote(binary: &Path, resolver_rules: &str, profile: &Path) -> Result<Child, String> {
    use std::os::unix::process::CommandExt;
    Command::new(binary)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--host-resolver-rules={resolver_rules}"))
        .arg("--remote-debugging-port=0")
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))
}

/// The DevTools server's port and the browser's WebSocket path, which Chromium writes into
/// the profile (`--remote-debugging-port=0` picks a free port).
fn devtools_address(profile: &Path, deadline: Instant) -> Result<(u16, String), String> {
    let file = profile.join("DevToolsActivePort");
    loop {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let mut lines = text.lines();
        if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
            if let Ok(port) = port.trim().parse() {
                return Ok((port, path.trim().to_owned()));
            }
        }
        if Instant::now() >= deadline {
            return Err(format!("no DevTools port in {}", file.display()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A browser started in its own process group, ended with all its helpers when dropped.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.wait();
    }
}
