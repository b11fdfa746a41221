//! Headless Firefox (Debian's `firefox-esr`), one run for all pages (a tab each). Firefox has neither
//! `--dump-dom` nor a host-resolver flag: every host name resolves to 127.0.0.1 through the
//! profile's `network.dns.forceResolve`, and the page posts its outcomes to its own origin's
//! `/report`, which this waits for (bounded) before ending Firefox and all its processes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::page;

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

/// Loads every `http://{host}/?tag=firefox.` at once (one tab each) in one Firefox with a
/// fresh profile, and returns what each page reported, by host.
pub fn run_pages(binary: &Path, hosts: &[&str]) -> HashMap<String, Result<String, String>> {
    let profile = std::env::temp_dir().join(format!("axum-cors-firefox-{}", std::process::id()));
    let prepared = std::fs::create_dir_all(&profile)
        .and_then(|()| std::fs::write(profile.join("user.js"), PREFS))
        .map_err(|e| format!("{}: {e}", profile.display()));
    let urls: Vec<String> = hosts
        .iter()
        .map(|host| format!("http://{host}/?tag={TAG}"))
        .collect();
    let result = prepared
        .and_then(|()| start(binary, &profile, &urls))
        .map(|child| {
            // Ends Firefox when dropped, so even a panic while waiting leaves no browser behind.
            let _running = Running(child);
            let deadline = Instant::now() + RUN_TIMEOUT;
            hosts
                .iter()
                .map(|host| {
                    let left = deadline.saturating_duration_since(Instant::now());
                    let report = page::wait_for_report(host, TAG, left).ok_or_else(|| {
                        format!("Firefox did not report within {RUN_TIMEOUT:?} on http://{host}/")
                    });
                    (host.to_string(), report)
                })
                .collect::<HashMap<_, _>>()
        });
    let _ = std::fs::remove_dir_all(&profile);
    match result {
        Ok(reports) => reports,
        Err(e) => hosts
            .iter()
            .map(|h| (h.to_string(), Err(e.clone())))
            .collect(),
    }
}

fn start(binary: &Path, profile: &Path, urls: &[String]) -> Result<Child, String> {
    use std::os::unix::process::CommandExt;
    Command::new(binary)
        .args(["--headless", "--no-remote", "-profile"])
        .arg(profile)
        .args(urls)
        .env("MOZ_CRASHREPORTER_DISABLE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group, so that all of Firefox's processes end with it.
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))
}

/// A started Firefox; dropping it kills its whole process group and reaps it (bounded: a
/// stuck child is left to init rather than hang the suite).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        end(&mut self.0);
    }
}

fn end(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
