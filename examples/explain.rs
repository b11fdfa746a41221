//! What will the browser do with this request, and why? Asks any server over `http://`, the
//! way a browser's `fetch()` would from a page at `--origin`, and prints each request the
//! browser would send, the CORS headers of each answer, the verdict, the reason in Chromium's
//! and Firefox's words, and what to fix on the server's side. Exits 1 when the browser would
//! refuse, 2 on bad arguments: a deployment's smoke test can run it.
//!
//! ```text
//! cargo run --example explain -- --origin https://app.example.com \
//!     -X PUT -H 'content-type: application/json' --data '{"done":true}' \
//!     http://127.0.0.1:8080/api/todos/1
//! ```
//!
//! Options: `--origin ORIGIN` (required), `-X/--method METHOD` (GET), `-H/--header 'name:
//! value'` (repeatable), `--credentials include|same-origin|omit`, `--cookie 'sid=..'` (the
//! cookie the browser holds, sent with `include`), `--data BODY`, `--timeout SECONDS` (10).
//! `https://` is not supported: test the server behind its TLS terminator.

use std::process::ExitCode;
use std::time::Duration;

use axum_strict_cors::test_util::{
    fetch, Blocked, Credentials, Exchange, Remote, Request, Verdict,
};

struct Args {
    origin: String,
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    credentials: Credentials,
    cookie: Option<String>,
    data: Option<String>,
    timeout: Duration,
}

const USAGE: &str = "usage: explain --origin ORIGIN [-X METHOD] [-H 'name: value']... [--credentials include|same-origin|omit] [--cookie 'a=b'] [--data BODY] [--timeout SECONDS] URL";

fn parse() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let (mut origin, mut method, mut url) = (None, "GET".to_string(), None);
    let mut headers = Vec::new();
    let (mut credentials, mut cookie, mut data) = (Credentials::SameOrigin, None, None);
    let mut timeout = Duration::from_secs(10);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--origin" => origin = Some(value("--origin")?),
            "-X" | "--method" => method = value("--method")?,
            "-H" | "--header" => {
                let header = value("--header")?;
                let (name, v) = header
                    .split_once(':')
                    .ok_or(format!("header {header:?} is not `name: value`"))?;
                headers.push((name.trim().to_string(), v.trim().to_string()));
            }
            "--credentials" => {
                credentials = match value("--credentials")?.as_str() {
                    "include" => Credentials::Include,
                    "same-origin" => Credentials::SameOrigin,
                    "omit" => Credentials::Omit,
                    other => {
                        return Err(format!(
                            "--credentials {other:?}: include, same-origin or omit"
                        ))
                    }
                }
            }
            "--cookie" => cookie = Some(value("--cookie")?),
            "--data" => data = Some(value("--data")?),
            "--timeout" => {
                let secs: f64 = value("--timeout")?
                    .parse()
                    .map_err(|e| format!("--timeout: {e}"))?;
                timeout =
                    Duration::try_from_secs_f64(secs).map_err(|e| format!("--timeout: {e}"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            _ if url.is_some() => return Err(format!("a second URL: {arg}")),
            _ => url = Some(arg),
        }
    }
    Ok(Args {
        origin: origin.ok_or("--origin is required: the origin of the page that calls")?,
        method,
        url: url.ok_or("the URL to call is required")?,
        headers,
        credentials,
        cookie,
        data,
        timeout,
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse() {
        Ok(args) => args,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match Remote::new(&args.url) {
        Ok(server) => server.timeout(args.timeout),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut request = Request::new(&args.method, &args.url).credentials(args.credentials);
    for (name, value) in &args.headers {
        request = match request.try_header(name, value) {
            Ok(request) => request,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
    }
    if let Some(cookie) = &args.cookie {
        request = request.cookie(cookie);
    }
    if let Some(data) = &args.data {
        if matches!(args.method.to_ascii_uppercase().as_str(), "GET" | "HEAD") {
            eprintln!(
                "error: fetch() throws on a {} with a body (\"Request with GET/HEAD method cannot have body\"): the browser sends nothing",
                args.method
            );
            return ExitCode::from(2);
        }
        request = request.body(data.clone());
    }

    println!("{}", describe(&args));
    let verdict = fetch(server.clone(), &args.origin, request).await;
    let exchanges = server.exchanges();
    for (i, exchange) in exchanges.iter().enumerate() {
        let what = match (exchange.is_preflight(), i) {
            (true, _) => "the preflight",
            (false, 0) => "the request",
            (false, _) if exchanges[i - 1].is_preflight() && i == 1 => "the request",
            (false, _) => "the request, after a redirect",
        };
        println!("\n{}. {what}: {exchange}", i + 1);
        for warning in cache_warnings(exchange) {
            println!("   warning: {warning}");
        }
    }
    println!();
    report(&verdict, &args, &exchanges)
}

/// The `fetch()` call the page makes.
fn describe(args: &Args) -> String {
    let mut options = vec![format!("method: {:?}", args.method)];
    if !args.headers.is_empty() {
        let headers: Vec<String> = args
            .headers
            .iter()
            .map(|(n, v)| format!("{n:?}: {v:?}"))
            .collect();
        options.push(format!("headers: {{ {} }}", headers.join(", ")));
    }
    if args.credentials == Credentials::Include {
        options.push("credentials: \"include\"".into());
    }
    if let Some(data) = &args.data {
        options.push(format!("body: {data:?}"));
    }
    format!(
        "A page at {} calls fetch({:?}, {{ {} }})",
        args.origin,
        args.url,
        options.join(", ")
    )
}

/// An answer that grants one origin without `Vary: Origin` is wrong for another origin once a
/// cache (a CDN, a proxy, the browser's own) keeps it.
fn cache_warnings(exchange: &Exchange) -> Vec<String> {
    let acao: Vec<&str> = exchange
        .cors_headers()
        .filter(|(n, _)| n == "access-control-allow-origin")
        .map(|(_, v)| v.as_str())
        .collect();
    let vary_origin = exchange.cors_headers().any(|(n, v)| {
        n == "vary"
            && v.split(',')
                .any(|item| item.trim().eq_ignore_ascii_case("origin") || item.trim() == "*")
    });
    match acao.as_slice() {
        [one] if *one != "*" && !vary_origin => vec![format!(
            "this answer grants {one} without `Vary: Origin`: a cache in front (a CDN, a proxy) may serve it to a page of another origin, which the browser then refuses; add `Vary: Origin`"
        )],
        _ => Vec::new(),
    }
}

fn report(verdict: &Verdict, args: &Args, exchanges: &[Exchange]) -> ExitCode {
    let Some(blocked) = verdict.blocked() else {
        let status = verdict.status().unwrap_or_default();
        let length = verdict.text().map_or(0, |t| t.len());
        println!("Verdict: ALLOWED. The page reads the answer: status {status}, {length} bytes.");
        if verdict.redirected() {
            println!("It was redirected to {}.", verdict.url().unwrap_or("?"));
        }
        let readable: Vec<&str> = exchanges
            .last()
            .map(|e| {
                e.response_headers
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .filter(|n| verdict.readable_header(n).is_some())
                    .collect()
            })
            .unwrap_or_default();
        println!("Headers its script can read: {}", readable.join(", "));
        return ExitCode::SUCCESS;
    };
    if let Blocked::NetworkError(e) = blocked {
        println!("Verdict: NETWORK ERROR, no answer to judge: {e}");
        println!("Chromium: TypeError: Failed to fetch");
        println!("Firefox:  TypeError: NetworkError when attempting to fetch resource.");
        if let Some(fix) = verdict.fix() {
            println!("Fix:      {fix}");
        }
        return ExitCode::FAILURE;
    }
    let sent = match verdict.request_was_sent() {
        true => "the request reached the server, but the page cannot read the answer",
        false => "the browser never sent the request",
    };
    println!("Verdict: BLOCKED ({sent}). fetch() rejects with a TypeError.");
    println!(
        "Chromium: Access to fetch at '{}' from origin '{}' has been blocked by CORS policy: {blocked}",
        args.url, args.origin
    );
    let firefox = |reason: &str, status: Option<u16>| {
        let status = status.map_or(String::new(), |s| format!(" Status code: {s}."));
        println!(
            "Firefox:  Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {}. (Reason: {reason}).{status}",
            args.url
        )
    };
    match (blocked.firefox(), blocked) {
        // Firefox adds the status of the answer that lacked the grant.
        (Some(reason), Blocked::MissingAllowOrigin { .. }) => {
            firefox(&reason, exchanges.last().and_then(|e| e.status))
        }
        (Some(reason), _) => firefox(&reason, None),
        (None, _) => {
            println!("Firefox:  TypeError: NetworkError when attempting to fetch resource.")
        }
    }
    if !verdict.request_was_sent() && verdict.preflight_status().is_some() {
        // After a failed preflight, Firefox prints a second message.
        println!(
            "Firefox:  Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {}. (Reason: CORS request did not succeed). Status code: (null).",
            args.url
        );
    }
    if let Some(why) = verdict.reason() {
        println!("Reason:   {why:?}");
    }
    if let Some(fix) = verdict.fix() {
        println!("Fix:      {fix}");
    }
    ExitCode::FAILURE
}
