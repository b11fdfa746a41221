//! Headless Firefox (Debian's `firefox-esr`), one run per page. Firefox has neither
//! `--dump-dom` nor a host-resolver flag: every host name resolves to 127.0.0.1 through the
//! profile's `network.dns.forceResolve`, and the page posts its outcomes to its own origin's
//! `/report`, which this waits for (bounded) before ending Firefox and all its processes.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// Loads `http://{host}/?tag=firefox.` in a fresh profile and returns what the page reported.
pub fn run_page(binary: &Path, host: &str) -> Result<String, String> {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let profile = std::env::temp_dir().join(format!(
        "axum-cors-firefox-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
    std::fs::write(profile.join("user.js"), PREFS).map_err(|e| e.to_string())?;
    let url = format!("http://{host}/?tag={TAG}");
    let result = start(binary, &profile, &url).map(|mut child| {
        let report = page::wait_for_report(host, TAG, RUN_TIMEOUT);
        end(&mut child);
        report
    });
    let _ = std::fs::remove_dir_all(&profile);
    match result? {
        Some(report) => Ok(report),
        None => Err(format!(
            "Firefox did not report within {RUN_TIMEOUT:?} on {url}"
        )),
    }
}

fn start(binary: &Path, profile: &Path, url: &str) -> Result<Child, String> {
    use std::os::unix::process::CommandExt;
    Command::new(binary)
        .args(["--headless", "--no-remote", "-profile"])
        .arg(profile)
        .arg(url)
        .env("MOZ_CRASHREPORTER_DISABLE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group, so that all of Firefox's processes end with it.
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))
}

/// Kills Firefox's whole process group and reaps it (bounded: a stuck child is left to init
/// rather than hang the suite).
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
