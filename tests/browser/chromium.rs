//! Headless Chromium, with host names mapped to loopback addresses: every page in one browser,
//! a tab each, driven over the DevTools protocol, whose `Log.entryAdded` events carry the CORS
//! errors its console shows ([`run_pages`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
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

/// What one run of several pages gave: each reporting page's report by host, each DOM-only
/// page's DOM by URL, and the console's messages.
pub struct PagesRun {
    pub reports: HashMap<String, Result<String, String>>,
    pub doms: HashMap<String, Result<String, String>>,
    pub console: Vec<String>,
}

/// Loads every `http://{host}/` at once, a tab each, in one Chromium driven over the DevTools
/// protocol (which also brings the console's messages), and waits for each page's report to
/// its own origin (`page::report`, untagged: Chromium's requests are the untagged ones).
/// Meanwhile it loads each of `dom_urls`, a page that reports into its DOM only, one after the
/// other in the order given, reading the DOM once `dom_done` says it is complete. One browser
/// for all of them instead of one each: Chromium's start-up is most of a page's time.
pub fn run_pages(
    binary: &Path,
    hosts: &[&str],
    dom_urls: &[&str],
    dom_done: fn(&str) -> bool,
    resolver_rules: &str,
) -> PagesRun {
    let profile = std::env::temp_dir().join(format!(
        "axum-strict-cors-chromium-tabs-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&profile);
    let deadline = Instant::now() + RUN_TIMEOUT;
    let mut doms = HashMap::new();
    let result = std::fs::create_dir_all(&profile)
        .map_err(|e| format!("{}: {e}", profile.display()))
        .and_then(|()| start_remote(binary, resolver_rules, &profile))
        .and_then(|child| {
            // Ends Chromium and its helpers when dropped, even on a panic while waiting.
            let _running = crate::bidi::Running(child);
            let (port, path) = devtools_address(&profile, deadline)?;
            let mut cdp = crate::bidi::Bidi::connect_to(port, &path, deadline)?;
            for host in hosts {
                open(&mut cdp, &format!("http://{host}/"), deadline)?;
            }
            for url in dom_urls {
                let session = open(&mut cdp, url, deadline)?;
                doms.insert(
                    url.to_string(),
                    dom_once(&mut cdp, &session, dom_done, deadline),
                );
            }
            Ok(cdp.console_once_reported(hosts, "", deadline))
        });
    let _ = std::fs::remove_dir_all(&profile);
    let reports = crate::page::reports("Chromium", hosts, "", &result, RUN_TIMEOUT);
    if let Err(e) = &result {
        for url in dom_urls {
            let failed = || Err(format!("Chromium: {e}"));
            doms.entry(url.to_string()).or_insert_with(failed);
        }
    }
    PagesRun {
        reports,
        doms,
        console: result.unwrap_or_default(),
    }
}

/// A new tab whose console is listened to before it loads `url`; its session.
fn open(cdp: &mut crate::bidi::Bidi, url: &str, deadline: Instant) -> Result<String, String> {
    let blank = json!({ "url": "about:blank" });
    let target = cdp.command("Target.createTarget", blank, deadline)?;
    let attach = json!({ "targetId": target["targetId"], "flatten": true });
    let session = cdp.command("Target.attachToTarget", attach, deadline)?;
    let session = session["sessionId"]
        .as_str()
        .ok_or("Target.attachToTarget gave no session")?
        .to_owned();
    cdp.command_in(Some(&session), "Log.enable", json!({}), deadline)?;
    cdp.command_in(
        Some(&session),
        "Page.navigate",
        json!({ "url": url }),
        deadline,
    )?;
    Ok(session)
}

/// The tab's DOM once `done` says it is complete, asked for every 100 ms until the deadline.
fn dom_once(
    cdp: &mut crate::bidi::Bidi,
    session: &str,
    done: fn(&str) -> bool,
    deadline: Instant,
) -> Result<String, String> {
    let html = json!({ "expression": "document.documentElement.outerHTML", "returnByValue": true });
    loop {
        let answer = cdp.command_in(Some(session), "Runtime.evaluate", html.clone(), deadline)?;
        let dom = answer["result"]["value"].as_str().unwrap_or_default();
        if done(dom) || Instant::now() >= deadline {
            return Ok(dom.to_owned());
        }
        cdp.pump_until(Instant::now() + Duration::from_millis(100), || false);
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
