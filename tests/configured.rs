//! A policy from the app's own configuration (`CorsConfig`): read from a real TOML file,
//! checked by the attribute's rules with every problem at once, and answering exactly as the
//! policy compiled from the same keys does.

mod common;

use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::Router;
use axum_strict_cors::{cors_policy, CorsConfig, PolicyLayer};
use common::*;
use serde::Deserialize;

/// An app's configuration file, with its CORS section.
#[derive(Deserialize)]
struct AppConfig {
    #[allow(dead_code)]
    listen: String,
    cors: CorsConfig,
}

fn read(toml_text: &str) -> CorsConfig {
    toml::from_str::<AppConfig>(toml_text)
        .expect("the file parses")
        .cors
}

const GOOD: &str = r#"
listen = "127.0.0.1:8080"

[cors]
origins = ["https://app.example.com", "https://*.tenant.example.com"]
methods = "GET, PUT, DELETE"
headers = ["content-type", "x-request-id"]
expose_headers = "x-total-count"
credentials = true
max_age = 600
"#;

async fn item() -> &'static str {
    "item"
}

#[tokio::test]
async fn a_policy_read_from_a_toml_file_serves_the_whole_app() {
    let policy = read(GOOD).name("cors").build().expect("a valid policy");
    let app = policy.router().route("/items/{id}", get(item).put(item));
    let r = send(
        &app,
        preflight(
            "/items/7",
            "https://shop.tenant.example.com",
            "PUT",
            Some("content-type"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao("https://shop.tenant.example.com");
    assert_eq!(r.one(&ACAC).as_deref(), Some("true"));
    assert_eq!(r.one(&ACAM).as_deref(), Some("GET, PUT, DELETE"));
    assert_eq!(r.one(&ACAH).as_deref(), Some("content-type, x-request-id"));
    assert_eq!(r.one(&MAX_AGE).as_deref(), Some("600"));
    let r = send(
        &app,
        actual("GET", "/items/7", Some("https://app.example.com")),
    )
    .await;
    r.assert_acao("https://app.example.com");
    assert_eq!(r.one(&ACEH).as_deref(), Some("x-total-count"));
    let r = send(
        &app,
        preflight("/items/7", "https://evil.example.net", "PUT", None),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    // As a plain layer too.
    let app: Router = Router::new().route("/items/{id}", put(item)).layer(policy);
    let r = send(
        &app,
        preflight("/items/7", "https://app.example.com", "PUT", None),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
}

#[test]
fn every_problem_of_a_configuration_is_reported_at_once() {
    let bad = r#"
listen = "127.0.0.1:8080"

[cors]
origins = ["*", "https://App.example.com", "https://app.example.com/"]
methods = "PUT, DELTE"
headers = []
credentials = "yes"
max_age = 90000
orgins_env = "CORS"
"#;
    let error = read(bad).name("cors").build().expect_err("a bad policy");
    let shown = error.to_string();
    let about = |key: &str| -> Vec<String> {
        error
            .problems
            .iter()
            .filter(|p| p.key.as_deref() == Some(key))
            .map(|p| p.to_string())
            .collect()
    };
    // Each problem names its key, its value and the fix, in the compile error's words.
    assert!(shown.starts_with("CORS policy `cors` has "), "{shown}");
    let origins = about("origins").join("\n");
    assert!(origins.contains("https://App.example.com"), "{shown}");
    assert!(origins.contains("trailing slash"), "{shown}");
    assert!(
        about("methods").join("").contains("did you mean `DELETE`?"),
        "{shown}"
    );
    assert!(
        about("headers").join("").contains("`headers` is empty"),
        "{shown}"
    );
    assert!(
        about("credentials")
            .join("")
            .contains("`credentials` is a flag"),
        "{shown}"
    );
    assert!(about("max_age").join("").contains("86400"), "{shown}");
    assert!(
        about("orgins_env")
            .join("")
            .contains("did you mean `origins_env`?"),
        "{shown}"
    );
    assert!(error.problems.len() >= 7, "{shown}");
}

#[test]
fn star_with_credentials_is_refused_as_at_compile_time() {
    let error = CorsConfig::new()
        .origins("*")
        .credentials(true)
        .build()
        .expect_err("`*` with credentials");
    assert_eq!(error.problems.len(), 1, "{error}");
    assert!(error.problems[0].message.contains("credentials"), "{error}");
    assert_eq!(error.problems[0].key.as_deref(), Some("origins"));
}

#[test]
fn a_configuration_without_origins_says_so() {
    let error = CorsConfig::new()
        .methods("GET")
        .build()
        .expect_err("no origins");
    assert_eq!(error.problems[0].key, None);
    assert!(
        error.problems[0].message.starts_with("missing `origins`"),
        "{error}"
    );
}

#[test]
fn wrong_types_are_problems_not_parse_errors() {
    let error = read(
        r#"
listen = "x"
[cors]
origins = { one = "https://a.example" }
methods = [1, 2]
max_age = 1.5
"#,
    )
    .build()
    .expect_err("wrong types");
    let shown = error.to_string();
    assert_eq!(error.problems.len(), 3, "{shown}");
    assert!(
        shown.contains("`origins` (a table): `origins` takes a string"),
        "{shown}"
    );
    assert!(
        shown.contains("`max_age` (a number with a fraction)"),
        "{shown}"
    );
}

// ---------------------------------------------------------------------------------------
// One rule set: the same keys compiled and configured answer alike

cors_policy!(COMPILED_A:
    origins = "https://app.example.com, https://*.tenant.example.com, http://localhost:*",
    methods = "GET, PUT, DELETE",
    headers = "content-type, x-request-id",
    expose_headers = "x-total-count",
    credentials,
    max_age = 600
);
cors_policy!(COMPILED_B: origins = "*", methods = "*", headers = "*", expose_headers = "*");
cors_policy!(COMPILED_C:
    origins = "https://app.example.com, null",
    allow_null_origin,
    private_network,
    reject_disallowed
);

fn configured() -> [(PolicyLayer, PolicyLayer); 3] {
    [
        (
            COMPILED_A,
            CorsConfig::new()
                .origins(
                    "https://app.example.com, https://*.tenant.example.com, http://localhost:*",
                )
                .methods("GET, PUT, DELETE")
                .headers("content-type, x-request-id")
                .expose_headers("x-total-count")
                .credentials(true)
                .max_age(600)
                .build()
                .unwrap(),
        ),
        (
            COMPILED_B,
            CorsConfig::new()
                .origins("*")
                .methods("*")
                .headers("*")
                .expose_headers("*")
                .build()
                .unwrap(),
        ),
        (
            COMPILED_C,
            CorsConfig::new()
                .origins(["https://app.example.com", "null"])
                .allow_null_origin(true)
                .private_network(true)
                .reject_disallowed(true)
                .build()
                .unwrap(),
        ),
    ]
}

/// Every header of an answer that CORS decides, and its status.
fn cors_part(r: &Resp) -> Vec<String> {
    let mut part = vec![r.status.to_string()];
    for (name, value) in &r.headers {
        let name = name.as_str();
        if name.starts_with("access-control-") || name == "vary" || name == "x-cors-refused" {
            part.push(format!(
                "{name}: {}",
                String::from_utf8_lossy(value.as_bytes())
            ));
        }
    }
    part.sort();
    part
}

#[tokio::test]
async fn compiled_and_configured_policies_answer_alike() {
    let origins = [
        "https://app.example.com",
        "https://shop.tenant.example.com",
        "http://localhost:5173",
        "https://evil.example.net",
        "null",
        "https://app.example.com/",
    ];
    for (n, (compiled, configured)) in configured().into_iter().enumerate() {
        let compiled = compiled.router().route("/items/{id}", get(item).put(item));
        let configured = configured
            .router()
            .route("/items/{id}", get(item).put(item));
        let mut requests = Vec::new();
        for origin in origins {
            requests.push(actual("GET", "/items/7", Some(origin)));
            for (method, headers) in [
                ("PUT", None),
                ("PATCH", None),
                ("PUT", Some("content-type")),
                ("PUT", Some("authorization")),
                ("GET", Some("x-request-id, x-other")),
            ] {
                requests.push(preflight("/items/7", origin, method, headers));
            }
            requests.push(
                request("OPTIONS", "/items/7", Some(origin))
                    .header(ACRM, "PUT")
                    .header(ACRPN, "true")
                    .body(Default::default())
                    .unwrap(),
            );
        }
        requests.push(actual("GET", "/items/7", None));
        for request in requests {
            let what = format!("policy {n}: {} {:?}", request.method(), request.headers());
            let copy = {
                let mut b = axum::http::Request::builder()
                    .method(request.method().clone())
                    .uri(request.uri().clone());
                for (k, v) in request.headers() {
                    b = b.header(k, v);
                }
                b.body(axum::body::Body::empty()).unwrap()
            };
            let a = send(&compiled, request).await;
            let b = send(&configured, copy).await;
            assert_eq!(cors_part(&a), cors_part(&b), "{what}");
            assert_eq!(a.body, b.body, "{what}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Every compile error of a policy has its run-time twin, in the same words

/// The keys of `#[cors(...)]` as a TOML table, or `None` for an attribute a configuration
/// cannot write (a path, a syntax error).
fn attribute_as_toml(args: &str) -> Option<String> {
    let mut table = String::new();
    for arg in top_level_split(args) {
        let arg = arg.trim();
        if arg.is_empty() {
            continue;
        }
        let flags = [
            "credentials",
            "private_network",
            "allow_null_origin",
            "reject_disallowed",
        ];
        let (key, value) = match arg.split_once('=') {
            Some((key, value)) => (key.trim(), value.trim()),
            // A flag alone is `true`; another key alone is a mistake no table can write.
            None if flags.contains(&arg) => (arg, "true"),
            None => return None,
        };
        if !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let is_literal = value.starts_with('"')
            || value.starts_with('[')
            || value == "true"
            || value == "false"
            || value.chars().all(|c| c.is_ascii_digit());
        if !is_literal {
            return None;
        }
        table.push_str(&format!("{key} = {value}\n"));
    }
    Some(table)
}

/// `args` split at the commas outside strings and brackets.
fn top_level_split(args: &str) -> Vec<String> {
    let (mut parts, mut current, mut depth, mut in_string) = (Vec::new(), String::new(), 0, false);
    for c in args.chars() {
        match c {
            '"' => in_string = !in_string,
            '[' if !in_string => depth += 1,
            ']' if !in_string => depth -= 1,
            ',' if !in_string && depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
}

/// The arguments of the first `#[cors(...)]` of a source file.
fn attribute_args(source: &str) -> Option<&str> {
    let start = source.find("#[cors(")? + "#[cors(".len();
    let mut depth = 1;
    for (i, c) in source[start..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&source[start..start + i]);
                }
            }
            _ => {}
        }
    }
    None
}

#[test]
fn every_policy_compile_error_has_its_run_time_twin() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ui");
    let mut compared = 0;
    for topic in ["origins", "methods", "headers", "credentials", "keys"] {
        let mut cases: Vec<_> = std::fs::read_dir(format!("{root}/{topic}"))
            .expect("the topic's folder")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        cases.sort();
        for case in cases {
            let source = std::fs::read_to_string(&case).unwrap();
            let stderr = std::fs::read_to_string(case.with_extension("stderr")).unwrap();
            let Some(table) = attribute_args(&source).and_then(attribute_as_toml) else {
                continue;
            };
            let expected: Vec<&str> = stderr
                .lines()
                .filter_map(|l| l.strip_prefix("error: "))
                .collect();
            // Keys only the attribute has (a path, the crate), and the list of the keys
            // itself, differ between the two places by design.
            let attribute_only = ["origins_fn", "origins_env", "crate", "policy"];
            if attribute_only
                .iter()
                .any(|k| table.contains(&format!("{k} ")))
                || expected
                    .iter()
                    .any(|m| m.contains("the keys are") || m.contains("duplicate key"))
            {
                continue;
            }
            let Ok(config) = toml::from_str::<CorsConfig>(&table) else {
                continue;
            };
            let got = match config.build() {
                Ok(_) => Vec::new(),
                Err(e) => e.problems.into_iter().map(|p| p.message).collect(),
            };
            // The sentence for a missing `origins` names where the policy is written (a
            // handler, a configuration): the same start, its own example.
            fn same(m: &str) -> &str {
                match m.starts_with("missing `origins`: ") {
                    true => "missing `origins`: ...",
                    false => m,
                }
            }
            let mut got: Vec<&str> = got.iter().map(|m| same(m)).collect();
            let mut expected: Vec<&str> = expected.into_iter().map(same).collect();
            got.sort_unstable();
            expected.sort_unstable();
            assert_eq!(got, expected, "{}:\n{table}", case.display());
            compared += 1;
        }
    }
    assert!(compared >= 40, "only {compared} cases compared");
}
