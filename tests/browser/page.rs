//! The pages: HTML whose script runs a page's cases with `fetch()`, writes each outcome into
//! the DOM and posts the same text to its own origin's `/report` (how both engines report);
//! and the one server that answers for every page host and every service host, chosen by
//! `Host`. The realistic example's page writes into its DOM only (`self_check_outcomes`).

use std::collections::HashMap;
use std::sync::Mutex;

use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower::ServiceExt;

use crate::cases::{Case, Page};

/// What the page's script saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `fetch()` resolved; what the script read.
    Resolved(String),
    /// `fetch()` (or the script) threw; the error's name and message.
    Rejected(String),
}

const TEMPLATE: &str = r#"<!doctype html>
<meta charset="utf-8">
<title>axum-strict-cors browser cases</title>
<pre id="results">running</pre>
<script>
const SERVICE = "__SERVICE__";
// The base URLs of the servers written elsewhere (tests/browser/elsewhere.rs).
const E = __ELSEWHERE__;
// `?tag=firefox.` makes every case tag `firefox.<name>`, so each engine's requests are counted
// apart.
const TAG = new URLSearchParams(location.search).get("tag") || "";
async function show(r) { return r.status + " " + (await r.text()); }
const cases = [
__CASES__];
(async () => {
  const lines = [];
  for (const [name, run] of cases) {
    try {
      const seen = String(await run(SERVICE, "?case=" + TAG + name));
      lines.push(name + "\tresolved\t" + seen.replace(/\s+/g, " "));
    } catch (e) {
      lines.push(name + "\trejected\t" + e.name + ": " + e.message);
    }
  }
  lines.push("ALL-DONE");
  document.getElementById("results").textContent = lines.join("\n");
  try {
    await fetch("/report?tag=" + encodeURIComponent(TAG), { method: "POST", body: lines.join("\n") });
  } catch (e) {}
})();
</script>
"#;

/// The page of `page`, running its selected cases in order.
pub fn html(page: Page, selected: &[&Case]) -> String {
    let cases: String = selected
        .iter()
        .filter(|c| c.page == page)
        .map(|c| format!("  [{:?}, async (S, q) => {{ {} }}],\n", c.name, c.run))
        .collect();
    TEMPLATE
        .replace("__SERVICE__", page.service())
        .replace("__CASES__", &cases)
        .replace("__ELSEWHERE__", &crate::elsewhere::js_bases())
}

/// Serves every page of this test and the service, chosen by the `Host` header: a page host
/// gets its page (and `/report`), any other host the service.
pub fn router(selected: Vec<&'static Case>, service: Router) -> Router {
    let pages = Router::new()
        .route(
            "/",
            get(move |headers: HeaderMap| {
                let selected = selected.clone();
                async move { serve(&headers, &selected) }
            }),
        )
        .route("/report", post(receive_report));
    Router::new().fallback(move |request: Request| {
        let host = host_of(request.headers()).to_owned();
        let target = match Page::from_host(&host) {
            Some(_) => pages.clone(),
            None => service.clone(),
        };
        async move { target.oneshot(request).await.into_response() }
    })
}

fn host_of(headers: &HeaderMap) -> &str {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
}

/// What each page posted to `/report`, by `host tag`.
static REPORTS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

async fn receive_report(
    headers: HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    body: String,
) -> StatusCode {
    let tag = query
        .as_deref()
        .and_then(|q| q.strip_prefix("tag="))
        .unwrap_or("")
        .replace("%2E", ".");
    let key = format!("{} {tag}", host_of(&headers));
    REPORTS.lock().unwrap().push((key, body));
    StatusCode::NO_CONTENT
}

/// The report of the page on `host` loaded with `tag`, if it came.
pub fn report(host: &str, tag: &str) -> Option<String> {
    let key = format!("{host} {tag}");
    REPORTS
        .lock()
        .unwrap()
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, body)| body.clone())
}

/// Each host's report under `tag`, or why there is none: `run`'s error (the `engine` could not
/// run the pages), or no report within `waited`.
pub fn reports(
    engine: &str,
    hosts: &[&str],
    tag: &str,
    run: &Result<Vec<String>, String>,
    waited: std::time::Duration,
) -> HashMap<String, Result<String, String>> {
    let report = |host: &&str| {
        let report = match run {
            Ok(_) => report(host, tag).ok_or_else(|| {
                format!("{engine} did not report within {waited:?} on http://{host}/")
            }),
            Err(e) => Err(format!("{engine}: {e}")),
        };
        (host.to_string(), report)
    };
    hosts.iter().map(report).collect()
}

fn serve(headers: &HeaderMap, selected: &[&Case]) -> Response {
    match Page::from_host(host_of(headers)) {
        Some(page) => Html(html(page, selected)).into_response(),
        None => (StatusCode::NOT_FOUND, "no page for this host").into_response(),
    }
}

/// The text of `<pre id="{id}">` in a dumped DOM, unescaped.
pub fn pre_text(dom: &str, id: &str) -> Option<String> {
    let open = format!("<pre id=\"{id}\">");
    let start = dom.find(&open)? + open.len();
    let end = start + dom[start..].find("</pre>")?;
    Some(
        dom[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&nbsp;", "\u{a0}")
            .replace("&amp;", "&"),
    )
}

/// The outcomes in a page's text (`name \t resolved|rejected \t detail`, then `ALL-DONE`).
pub fn parse_outcomes(text: &str) -> Result<HashMap<String, Outcome>, String> {
    if !text.lines().any(|l| l == "ALL-DONE") {
        return Err(format!("the page did not finish its cases: {text:?}"));
    }
    let mut out = HashMap::new();
    for line in text.lines().filter(|l| *l != "ALL-DONE") {
        let mut parts = line.splitn(3, '\t');
        let (Some(name), Some(kind), Some(detail)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("unreadable result line {line:?}"));
        };
        let outcome = match kind {
            "resolved" => Outcome::Resolved(detail.to_owned()),
            _ => Outcome::Rejected(detail.to_owned()),
        };
        out.insert(name.to_owned(), outcome);
    }
    Ok(out)
}

/// The outcomes of the realistic example's self-check (`label → outcome` lines, a blocked
/// call written as `blocked (TypeError: ...)`), keyed by label.
pub fn self_check_outcomes(dom: &str) -> Result<HashMap<String, Outcome>, String> {
    let text = pre_text(dom, "self-check").ok_or("no <pre id=\"self-check\"> in the page")?;
    if !text.lines().any(|l| l == "self-check finished") {
        return Err(format!("the self-check did not finish: {text:?}"));
    }
    let mut out = HashMap::new();
    for line in text.lines().filter_map(|l| l.split_once(" → ")) {
        let (label, seen) = line;
        let outcome = match seen.strip_prefix("blocked (") {
            Some(error) => Outcome::Rejected(error.trim_end_matches(')').to_owned()),
            None => Outcome::Resolved(seen.to_owned()),
        };
        out.insert(label.to_owned(), outcome);
    }
    Ok(out)
}
