//! What a user's editor shows for generated code: rust-analyzer's own diagnostics on a small
//! crate that uses every companion of a `#[cors]` handler (`POLICY`, `validate()`,
//! `preflight`, the direct call, `cors_route!`, a named policy, `#[cors]` on an `impl`).
//! rustc compiles such a crate, but an editor runs rust-analyzer, which expands macros its own
//! way and does not see every place rustc accepts an item in (an `impl` written in the length of
//! an array, for one): valid code would then be marked as errors.
//!
//! Needs the `rust-analyzer` component (`rustup component add rust-analyzer`, which `.ci/run`
//! installs). Without it the test says loudly that it did not run; with `CI=true` it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate a user would write, one file: every line of it compiles with rustc.
const USER_CRATE: &str = r#"
use axum::extract::Path;
use axum::routing::{get, put};
use axum::Router;
use axum_strict_cors::{cors, cors_policy, cors_route};

cors_policy!(pub SPA: origins = "https://app.example.com", methods = "GET, PUT");

#[cors(origins = "https://app.example.com", methods = "PUT, DELETE", headers = "content-type")]
pub async fn update(Path(id): Path<u64>, body: String) -> String {
    format!("{id} {}", body.len())
}

#[cors(policy = SPA)]
pub async fn list() -> &'static str {
    "[]"
}

pub struct Api;

#[cors]
impl Api {
    #[cors(origins = "https://app.example.com", methods = "GET")]
    pub async fn index() -> &'static str {
        "index"
    }
}

pub async fn uses() -> usize {
    let policy: &'static axum_strict_cors::Policy = update::POLICY;
    let valid: Result<(), axum_strict_cors::PolicyError> = update::validate();
    let direct: String = update(Path(1), String::from("x")).await;
    let listed: &'static str = list().await;
    let _app: Router = Router::new()
        .route("/a/{id}", cors_route!(put(update)))
        .route("/b/{id}", put(update).options(update::preflight))
        .route("/c", get(list).options(list::preflight))
        .route("/d", get(Api::index))
        .layer(SPA);
    direct.len() + listed.len() + policy.methods.len() + usize::from(valid.is_ok())
}
"#;

/// A deliberate error in a file of its own, so that the run is seen to report errors at all.
const CONTROL: &str = "pub fn control() -> u8 {\n    \"not a number\"\n}\n";

fn rust_analyzer() -> Option<PathBuf> {
    let found = Command::new("rust-analyzer").arg("--version").output();
    match found {
        Ok(out) if out.status.success() => Some(PathBuf::from("rust-analyzer")),
        _ => None,
    }
}

fn write_crate(dir: &Path) {
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"editor-view\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\naxum = \"0.8\"\naxum-strict-cors = {{ path = {root:?} }}\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's versions, so that nothing is resolved anew (and nothing fetched).
    std::fs::copy(Path::new(root).join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        format!("{USER_CRATE}\npub mod control;\n"),
    )
    .unwrap();
    std::fs::write(dir.join("src/control.rs"), CONTROL).unwrap();
}

#[test]
fn rust_analyzer_sees_every_companion_of_a_generated_handler() {
    let Some(ra) = rust_analyzer() else {
        let why = "rust-analyzer is not installed (`rustup component add rust-analyzer`)";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{why}, and CI=true: failing");
        }
        eprintln!("EDITOR VIEW NOT CHECKED: {why}. This test did NOT run.");
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("editor-view");
    write_crate(&dir);
    let out = Command::new(ra)
        .arg("diagnostics")
        .arg(&dir)
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .expect("rust-analyzer runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Each diagnostic reads `at crate NAME, file PATH: SEVERITY CODE from .. to ..: MESSAGE`,
    // among progress lines that carriage returns run together.
    let diagnostics: Vec<&str> = text.split("at crate ").skip(1).collect();
    let errors_in = |file: &str| -> Vec<&str> {
        diagnostics
            .iter()
            .copied()
            .filter(|d| d.contains(&format!("{file}: Error ")))
            .map(|d| d.split(['\r', '\n']).next().unwrap_or(d))
            .collect()
    };
    assert!(
        !errors_in("src/control.rs").is_empty(),
        "the control error was not reported, so nothing was checked:\n{text}"
    );
    let wrong = errors_in("src/lib.rs");
    assert!(
        wrong.is_empty(),
        "rust-analyzer marks valid code as errors:\n{}",
        wrong.join("\n")
    );
}
