//! Headless Firefox (Debian's `firefox-esr`), one run for all pages (a tab each, opened over
//! WebDriver BiDi, which also reports the console). Firefox has neither `--dump-dom` nor a
//! host-resolver flag: every host name resolves to 127.0.0.1 through the profile's
//! `network.dns.forceResolve`, and each page posts its outcomes to its own origin's `/report`,
//! which this waits for (bounded) before ending Firefox and all its processes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::{bidi, page};

/// Debian's `firefox-esr`, or `$FIREFOX` if set.
pub fn binary() -> Result<PathBuf, String> {
    let path =
        std::env::var_os("FIREFOX").map_or_else(|| "/usr/bin/firefox-esr".into(), PathBuf::from);
    match path.is_file() {
        true => Ok(path),
        false => Err(format!(
            "Firefox not found at {} (install it: `apt-get install -y firefox-esr`, or `.ci/install-browser`; or set FIREFOX=/path/to/firefox)",
            path.display()
        )),
    }
}

/// The case tag prefix of Firefox's requests (`?case=firefox.<name>`).
pub const TAG: &str = "firefox.";

/// Longest a page may take to report before Firefox is killed and its cases fail.
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

/// Preferences of the fresh profile: every name resolves to the loopback page server, no
/// HTTPS upgrade of the `http://` test origins, no DNS over HTTPS, nothing phoning home.
const PREFS: &str = r#"
user_pref("network.dns.forceResolve", "127.0.0.1");
user_pref("network.trr.mode", 5);
user_pref("network.proxy.type", 0);
user_pref("dom.security.https_first", false);
user_pref("dom.security.https_only_mode", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.aboutwelcome.enabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("app.update.auto", false);
user_pref("app.normandy.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
"#;

/// What one Firefox run gave: each page's report by host, and the console's messages.
pub struct Run {
    pub reports: HashMap<String, Result<String, String>>,
    pub console: Vec<String>,
}

/// Loads every `http://{host}/?tag=firefox.` at once (a tab each, opened over WebDriver BiDi,
/// which also brings the console's messages) in one Firefox with a fresh profile.
pub fn run_pages(binary: &Path, hosts: &[&str]) -> Run {
    let profile =
        std::env::temp_dir().join(format!("axum-strict-cors-firefox-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let prepared = std::fs::create_dir_all(&profile)
        .and_then(|()| std::fs::write(profile.join("user.js"), PREFS))
        .map_err(|e| format!("{}: {e}", profile.display()));
    let deadline = Instant::now() + RUN_TIMEOUT;
    let result = prepared
        .and_then(|()| start(binary, &profile))
        .and_then(|child| {
            // Ends Firefox when dropped, so even a panic while waiting leaves no browser behind.
            let _running = bidi::Running(child);
            let mut bidi = bidi::Bidi::connect(bidi_port(&profile, deadline)?, deadline)?;
            bidi.command("session.new", json!({ "capabilities": {} }), deadline)?;
            let events = json!({ "events": ["log.entryAdded"] });
            bidi.command("session.subscribe", events, deadline)?;
            for host in hosts {
                let tab =
                    bidi.command("browsingContext.create", json!({ "type": "tab" }), deadline)?;
                let url = format!("http://{host}/?tag={TAG}");
                let navigate = json!({ "context": tab["context"], "url": url, "wait": "none" });
                bidi.command("browsingContext.navigate", navigate, deadline)?;
            }
            Ok(bidi.console_once_reported(hosts, TAG, deadline))
        });
    let _ = std::fs::remove_dir_all(&profile);
    Run {
        reports: page::reports("Firefox", hosts, TAG, &result, RUN_TIMEOUT),
        console: result.unwrap_or_default(),
    }
}

/// The port of Firefox's BiDi server (`--remote-debugging-port=0` picks a free one and writes
/// it into the profile).
fn bidi_port(profile: &Path, deadline: Instant) -> Result<u16, String> {
    let file = profile.join("WebDriverBiDiServer.json");
    loop {
        let port = std::fs::read_to_string(&file)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|v| v["ws_port"].as_u64())
            .and_then(|p| u16::try_from(p).ok());
        match port {
            Some(port) => return Ok(port),
            None if Instant::now() >= deadline => {
                return Err(format!("no BiDi port in {}", file.display()));
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn start(binary: &Path, profile: &Path) -> Result<Child, String> {
    use std::os::unix::process::CommandExt;
    Command::new(binary)
        .args(["--headless", "--no-remote", "-profile"])
        .arg(profile)
        .arg("--remote-debugging-port=0")
        .arg("about:blank")
        .env("MOZ_CRASHREPORTER_DISABLE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group, so that all of Firefox's processes end with it.
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))
}
