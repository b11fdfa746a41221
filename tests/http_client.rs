//! `test_util` over real HTTP (feature `http-client`): the same verdicts as in process on a
//! server on loopback, and every kind of bad answer a bounded, clear verdict, never a panic.

use std::time::{Duration, Instant};

use axum::http::{HeaderValue, Method};
use axum::routing::get;
use axum::Router;
use axum_strict_cors::test_util::{
    fetch, fetch_url, Blocked, Credentials, Reason, Remote, Request,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tower_http::cors::CorsLayer;

/// Serves `app` on an ephemeral loopback port; its base URL.
async fn serve(app: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

/// A server that reads each connection's request head and writes `answer` (raw bytes) back,
/// then closes: bad answers written by hand.
async fn raw(answer: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket.write_all(&answer).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    base
}

fn tower_app() -> Router {
    let cors = CorsLayer::new()
        .allow_origin(HeaderValue::from_static("https://app.example.com"))
        .allow_methods([Method::GET, Method::PUT])
        .allow_headers([axum::http::header::CONTENT_TYPE]);
    Router::new()
        .route(
            "/items",
            get(|| async { "items" }).put(|| async { "saved" }),
        )
        .layer(cors)
}

fn network(verdict: &axum_strict_cors::test_util::Verdict) -> String {
    match verdict.reason() {
        Some(Reason::Network(e)) => e.clone(),
        other => panic!("expected a network verdict, got {other:?}"),
    }
}

#[tokio::test]
async fn over_http_the_verdicts_and_reasons_are_those_in_process() {
    let base = serve(tower_app()).await;
    let requests = [
        ("https://app.example.com", Request::new("GET", "/items")),
        ("https://evil.example.net", Request::new("GET", "/items")),
        (
            "https://app.example.com",
            Request::new("PUT", "/items").header("content-type", "application/json"),
        ),
        ("https://evil.example.net", Request::new("PUT", "/items")),
        ("https://app.example.com", Request::new("PATCH", "/items")),
        (
            "https://app.example.com",
            Request::new("GET", "/items").header("x-api-key", "k"),
        ),
        (
            "https://app.example.com",
            Request::new("GET", "/items").credentials(Credentials::Include),
        ),
    ];
    for (origin, request) in requests {
        let here = fetch(tower_app(), origin, request.clone()).await;
        let there = fetch_url(&base, origin, request.clone()).await;
        assert_eq!(here.is_allowed(), there.is_allowed(), "{request:?}");
        assert_eq!(here.blocked(), there.blocked(), "{request:?}");
        assert_eq!(here.reason(), there.reason(), "{request:?}");
        assert_eq!(here.status(), there.status(), "{request:?}");
        assert_eq!(here.text(), there.text(), "{request:?}");
        assert_eq!(here.preflight_status(), there.preflight_status());
    }
}

#[tokio::test]
async fn remote_records_each_exchange_with_its_cors_headers() {
    let base = serve(tower_app()).await;
    let server = Remote::new(&base).unwrap();
    let request = Request::new("PUT", "/items").header("content-type", "application/json");
    let verdict = fetch(server.clone(), "https://app.example.com", request).await;
    assert!(verdict.is_allowed());
    let exchanges = server.exchanges();
    assert_eq!(exchanges.len(), 2);
    assert!(exchanges[0].is_preflight());
    assert_eq!(exchanges[0].url, format!("{base}/items"));
    assert!(exchanges[0]
        .cors_headers()
        .any(|(n, v)| n == "access-control-allow-origin" && v == "https://app.example.com"));
    assert_eq!(exchanges[1].method, "PUT");
    assert_eq!(exchanges[1].status, Some(200));
    let shown = exchanges[0].to_string();
    assert!(
        shown.starts_with(&format!("OPTIONS {base}/items\n")),
        "{shown}"
    );
    assert!(
        shown.contains("  > access-control-request-method: PUT"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_redirect_to_another_server_is_followed_there_with_origin_null() {
    let landed = Router::new().route(
        "/landed",
        get(|headers: axum::http::HeaderMap| async move {
            let origin = headers.get("origin").cloned();
            let body = format!("origin {:?}", origin);
            ([("access-control-allow-origin", "*")], body)
        }),
    );
    let target = serve(landed).await;
    let location = format!("{target}/landed");
    let away = Router::new().route(
        "/away",
        get(move || {
            let location = location.clone();
            async move {
                (
                    axum::http::StatusCode::FOUND,
                    [
                        ("location", location),
                        ("access-control-allow-origin", "*".to_string()),
                    ],
                )
            }
        }),
    );
    let base = serve(away).await;
    let verdict = fetch_url(
        &base,
        "https://app.example.com",
        Request::new("GET", "/away"),
    )
    .await;
    assert!(verdict.is_allowed(), "{:?}", verdict.reason());
    assert_eq!(verdict.text().unwrap(), r#"origin Some("null")"#);
    assert_eq!(verdict.url(), Some(format!("{target}/landed").as_str()));
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_verdict_at_once() {
    // A port that was free a moment ago: nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let verdict = fetch_url(
        &format!("http://127.0.0.1:{port}"),
        "https://app.example.com",
        Request::new("GET", "/"),
    )
    .await;
    let e = network(&verdict);
    assert!(
        e.starts_with(&format!("cannot connect to http://127.0.0.1:{port}/")),
        "{e}"
    );
    assert!(matches!(verdict.blocked(), Some(Blocked::NetworkError(_))));
    assert!(verdict.fix().unwrap().contains("no answer to judge"));
    assert!(e.ends_with("Connection refused (os error 111)"), "{e}");
    assert!(e.ends_with("Connection refused (os error 111)"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn an_answer_that_is_not_http_is_a_network_verdict() {
    let base = raw(b"SSH-2.0-OpenSSH_9.2\r\n".to_vec()).await;
    let verdict = fetch_url(&base, "https://app.example.com", Request::new("GET", "/")).await;
    let e = network(&verdict);
    assert!(e.contains("is not HTTP"), "{e}");
}

#[tokio::test]
async fn a_server_that_never_answers_is_cut_off_by_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let server = Remote::new(&base)
        .unwrap()
        .timeout(Duration::from_millis(300));
    let started = Instant::now();
    let verdict = fetch(server, "https://app.example.com", Request::new("GET", "/")).await;
    let e = network(&verdict);
    assert!(e.contains("within 0.3 s (Remote::timeout)"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(3));
    held.abort();
}

#[tokio::test]
async fn a_redirect_loop_stops_after_twenty_redirects() {
    let base = raw(
        b"HTTP/1.1 302 Found\r\nlocation: /again\r\naccess-control-allow-origin: *\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            .to_vec(),
    )
    .await;
    let server = Remote::new(&base).unwrap();
    let verdict = fetch(
        server.clone(),
        "https://app.example.com",
        Request::new("GET", "/"),
    )
    .await;
    assert_eq!(
        verdict.reason(),
        Some(&Reason::Redirect("more than 20 redirects".into()))
    );
    assert_eq!(server.exchanges().len(), 21);
}

#[tokio::test]
async fn an_answer_of_hundreds_of_headers_is_judged_like_any_other() {
    let mut answer = b"HTTP/1.1 200 OK\r\naccess-control-allow-origin: *\r\n".to_vec();
    for i in 0..600 {
        answer.extend(format!("x-filler-{i}: {i}\r\n").as_bytes());
    }
    answer.extend(b"content-length: 2\r\nconnection: close\r\n\r\nok");
    let base = raw(answer).await;
    let verdict = fetch_url(&base, "https://app.example.com", Request::new("GET", "/")).await;
    assert!(verdict.is_allowed(), "{:?}", verdict.reason());
    assert_eq!(verdict.text().as_deref(), Some("ok"));
}

#[tokio::test]
async fn a_header_section_larger_than_chromium_accepts_is_a_network_verdict() {
    let mut answer = b"HTTP/1.1 200 OK\r\naccess-control-allow-origin: *\r\n".to_vec();
    let filler = "x".repeat(1000);
    for i in 0..300 {
        answer.extend(format!("x-filler-{i}: {filler}\r\n").as_bytes());
    }
    answer.extend(b"content-length: 2\r\nconnection: close\r\n\r\nok");
    let base = raw(answer).await;
    let verdict = fetch_url(&base, "https://app.example.com", Request::new("GET", "/")).await;
    let e = network(&verdict);
    assert!(e.contains("ERR_RESPONSE_HEADERS_TOO_BIG"), "{e}");
}

#[tokio::test]
async fn a_body_of_megabytes_is_read_up_to_the_limit_only() {
    let big = vec![b'a'; 3 * 1024 * 1024];
    let app = Router::new()
        .route("/big", get(move || async move { big.clone() }))
        .layer(CorsLayer::permissive());
    let base = serve(app).await;
    let request = Request::new("GET", "/big");
    let read = fetch_url(&base, "https://app.example.com", request.clone()).await;
    assert_eq!(read.text().map(|t| t.len()), Some(3 * 1024 * 1024));
    let server = Remote::new(&base).unwrap().max_body(1024 * 1024);
    let verdict = fetch(server.clone(), "https://app.example.com", request).await;
    let e = network(&verdict);
    assert!(
        e.contains("longer than 1048576 bytes (Remote::max_body)"),
        "{e}"
    );
    // The head had come: the exchange shows what the browser would have judged.
    assert_eq!(server.exchanges()[0].status, Some(200));
}

#[tokio::test]
async fn https_and_other_schemes_are_refused_with_the_reason() {
    let verdict = fetch_url(
        "https://api.example.com",
        "https://app.example.com",
        Request::new("GET", "/"),
    )
    .await;
    assert!(network(&verdict).contains("http:// only"));
    assert!(Remote::new("ftp://example.com").is_err());
    assert!(Remote::new("/relative").is_err());
}

/// `examples/explain`, as `cargo test` builds it beside the tests (`None` when only this test
/// target was built).
fn explain_binary() -> Option<std::path::PathBuf> {
    let deps = std::env::current_exe().ok()?.parent()?.to_path_buf();
    let binary = deps.parent()?.join("examples/explain");
    binary.is_file().then_some(binary)
}

#[tokio::test]
async fn the_explain_example_exits_non_zero_on_a_refusal_and_says_why() {
    let Some(binary) = explain_binary() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "examples/explain was not built (cargo test builds examples)"
        );
        eprintln!("SKIPPED: examples/explain is not built (run `cargo test`, which builds it)");
        return;
    };
    let base = serve(tower_app()).await;
    let run = |args: Vec<String>| {
        let binary = binary.clone();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(binary)
                .args(args)
                .output()
                .expect("examples/explain runs")
        })
    };
    let args = |origin: &str, method: &str| {
        vec![
            "--origin".to_string(),
            origin.to_string(),
            "-X".into(),
            method.into(),
            "-H".into(),
            "content-type: application/json".into(),
            format!("{base}/items"),
        ]
    };
    let allowed = run(args("https://app.example.com", "PUT")).await.unwrap();
    let text = String::from_utf8_lossy(&allowed.stdout);
    assert_eq!(allowed.status.code(), Some(0), "{text}");
    assert!(text.contains("1. the preflight: OPTIONS"), "{text}");
    assert!(text.contains("Verdict: ALLOWED"), "{text}");

    let refused = run(args("https://app.example.com", "PATCH")).await.unwrap();
    let text = String::from_utf8_lossy(&refused.stdout);
    assert_eq!(refused.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Verdict: BLOCKED (the browser never sent the request)"),
        "{text}"
    );
    assert!(text.contains("has been blocked by CORS policy: Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response."), "{text}");
    assert!(
        text.contains("(Reason: Did not find method in CORS header"),
        "{text}"
    );
    assert!(text.contains("Fix:      Add `PATCH`"), "{text}");

    let bad = run(vec!["--origin".into(), "https://app.example.com".into()])
        .await
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("the URL to call is required"));
}
