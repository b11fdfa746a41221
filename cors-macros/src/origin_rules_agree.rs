//! One rule set: every origin list below goes through the compile-time path (`#[cors(origins =
//! ...)]`, both string and array form) and the run-time path (an `origins_env` value), and both
//! must give the same verdict with the same message. The table holds every origin list of the
//! compile-fail suite (checked by `every_ui_origin_list_is_in_the_table`) and accepted ones.

use std::str::FromStr;

use proc_macro2::{Span, TokenStream};

use crate::{attr, check};

/// `(origins, credentials, None if accepted or Some(part of the message))`.
const TABLE: &[(&str, bool, Option<&str>)] = &[
    // Accepted.
    ("https://app.example.com", false, None),
    ("https://other.example.com", false, None),
    ("https://app.example.com", true, None),
    ("http://app.example.com", false, None),
    ("https://a.example.com, https://b.example.com", true, None),
    ("https://*.example.com", true, None),
    ("http://*.example.com", false, None),
    ("http://localhost:*", true, None),
    (
        "http://localhost:3000, http://127.0.0.1:3000, http://[::1]:3000",
        true,
        None,
    ),
    ("https://a.example.com, http://localhost:*", true, None),
    (
        "tauri://localhost, chrome-extension://abcdefghijklmnop",
        true,
        None,
    ),
    ("*", false, None),
    ("https://xn--bcher-kva.example", false, None),
    ("https://admin.example.com", false, None),
    // The list as a whole.
    ("", false, Some("the list of origins is empty")),
    ("*", true, Some("cannot be combined with `credentials`")),
    (
        "*, https://app.example.com",
        false,
        Some("`*` already allows every origin"),
    ),
    (
        "https://a.example.com, *",
        false,
        Some("`*` already allows every origin"),
    ),
    (
        "https://app.example.com, null",
        false,
        Some("origin `null` is sent by sandboxed iframes"),
    ),
    ("null", false, Some("add `allow_null_origin`")),
    (
        "https://app.example.com, https://app.example.com",
        false,
        Some("origin `https://app.example.com` is listed twice"),
    ),
    (
        "http://app.example.com",
        true,
        Some("write `https://app.example.com`"),
    ),
    (
        "http://*.example.com",
        true,
        Some("write `https://*.example.com`"),
    ),
    ("http://app.example.com:8080", true, Some("plain http")),
    // One origin's syntax.
    ("https://app.example.com:*", false, Some("loopback")),
    ("http://localhost:99999", false, Some("not a port")),
    (
        "https://app.example.com:443",
        false,
        Some("default port 443"),
    ),
    (
        "https://a.example.com, , https://b.example.com",
        false,
        Some("empty origin"),
    ),
    ("file:///home/me/index.html", false, Some("`file://`")),
    ("https://app.example.com#top", false, Some("a fragment")),
    ("app.example.com", false, Some("has no scheme")),
    (
        "https://bücher.example",
        false,
        Some("write `https://xn--bcher-kva.example`"),
    ),
    ("https://app.example.com/api", false, Some("a path")),
    ("https://app.example.com?lang=en", false, Some("a query")),
    (
        "htps://app.example.com",
        false,
        Some("did you mean `https`?"),
    ),
    ("https://app.example.com.", false, Some("ends with a dot")),
    ("https://app.example.com/", false, Some("a trailing slash")),
    (
        "ftp://files.example.com",
        false,
        Some("scheme `ftp` is not allowed"),
    ),
    ("https://App.Example.com", false, Some("upper case")),
    (
        "https://admin:secret@app.example.com",
        false,
        Some("user info"),
    ),
    (
        "https://a.example.com https://b.example.com",
        false,
        Some("no spaces"),
    ),
    (
        "chrome-extension://*.example.com",
        false,
        Some("only for http and https"),
    ),
    ("https://*.co.uk", false, Some("public suffix")),
    ("https://*.github.io", false, Some("public suffix")),
    ("https://*.com", false, Some("public suffix")),
    ("http://*.localhost", true, Some("public suffix")),
    ("https://api.*.example.com", false, Some("leftmost label")),
];

/// The messages of the compile-time path, in order (empty if the policy is accepted).
fn compile_time(attribute: &str) -> Vec<String> {
    let tokens = TokenStream::from_str(attribute).expect("the test attribute tokenizes");
    let args = attr::parse_args(tokens).expect("the test attribute parses");
    match check::check(args, Vec::new(), Span::call_site()) {
        Ok(_) => Vec::new(),
        Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
    }
}

fn attribute(origins: &str, credentials: bool) -> String {
    let credentials = if credentials { ", credentials" } else { "" };
    format!("origins = {origins}{credentials}")
}

#[test]
fn origin_lists_get_the_same_verdict_at_compile_time_and_at_run_time() {
    for &(list, credentials, expected) in TABLE {
        let run_time =
            axum_strict_cors_runtime::__private::parse_origin_list(list, credentials).err();
        let string_form = compile_time(&attribute(&format!("{list:?}"), credentials));
        let items: Vec<String> = axum_strict_cors_runtime::rules::split_list(list)
            .iter()
            .map(|item| format!("{item:?}"))
            .collect();
        let array_form = compile_time(&attribute(&format!("[{}]", items.join(", ")), credentials));
        let case = format!("{list:?} (credentials: {credentials})");
        assert_eq!(
            string_form, array_form,
            "{case}: string and array forms differ"
        );
        assert_eq!(
            string_form.first(),
            run_time.as_ref(),
            "{case}: compile time and run time differ"
        );
        match expected {
            None => assert_eq!(run_time, None, "{case} must be accepted"),
            Some(part) => {
                let message = run_time.unwrap_or_else(|| panic!("{case} must be refused"));
                assert!(message.contains(part), "{case}: `{message}` lacks `{part}`");
            }
        }
    }
}

/// Every `origins = ...` of a compile-fail case, with whether it has `credentials`.
fn ui_origin_lists() -> Vec<(String, bool)> {
    let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/ui");
    let mut files = Vec::new();
    let mut dirs = vec![ui];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("tests/ui is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 40, "found only {} ui cases", files.len());
    let mut lists = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("a ui case is readable");
        for attribute in source.split("#[cors(").skip(1) {
            let attribute = attribute.split(")]").next().unwrap_or_default();
            let Some(value) = attribute.split("origins = ").nth(1) else {
                continue;
            };
            let list = if let Some(string) = value.strip_prefix('"') {
                string.split('"').next().unwrap_or_default().to_string()
            } else if let Some(array) = value.strip_prefix('[') {
                let array = array.split(']').next().unwrap_or_default();
                let items: Vec<&str> = array
                    .split(',')
                    .map(|i| i.trim().trim_matches('"'))
                    .collect();
                items.join(", ")
            } else {
                continue;
            };
            let credentials = attribute
                .split([',', ' '])
                .any(|word| word.trim() == "credentials");
            lists.push((list, credentials));
        }
    }
    lists
}

#[test]
fn every_ui_origin_list_is_in_the_table() {
    let lists = ui_origin_lists();
    assert!(lists
        .iter()
        .any(|(l, _)| l == "https://app.example.com, null"));
    for (list, credentials) in lists {
        assert!(
            TABLE.iter().any(|&(l, c, _)| l == list && c == credentials),
            "the origin list {list:?} (credentials: {credentials}) of a compile-fail case is not in the table"
        );
    }
}
