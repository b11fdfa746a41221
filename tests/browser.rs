//! CORS as real browsers see it: headless Chromium and headless Firefox load pages from
//! several origins; each page calls a service of `#[cors]` handlers with `fetch()` and records
//! what happened (into its own DOM, and posted to its own origin's `/report`, how both
//! engines report; the realistic example's page, which writes into its DOM only, is read back
//! over Chromium's DevTools protocol); this test compares each outcome with the
//! expected verdict. The verdicts are the browsers', never a reimplementation of their rules.
//! `axum_strict_cors::test_util` must then reach the same verdicts and print the same reasons as both
//! engines' consoles.
//!
//! A `harness = false` target: libtest cannot mark a test skipped at run time, and without a
//! browser (or without the right to bind port 80) its cases must be reported as skipped,
//! never as passed. With `CI=true` they fail instead. The last line of the output is
//! `N passed, N failed, N skipped`; the exit status is non-zero on any failure.
//!
//! Arguments, as with libtest: a substring filter on case names, `--exact`, `--list`,
//! `--skip <substring>`. `SHOW_CONSOLE=1` prints both consoles' messages.
//!
//! Addresses: one server on 127.0.0.1:80 answers for every page host and service host (chosen
//! by `Host`); Chromium maps the names there with `--host-resolver-rules` and resolves
//! nothing else, Firefox with `network.dns.forceResolve`. The realistic example runs on
//! ephemeral ports of 127.0.0.1.

#[path = "browser/bidi.rs"]
mod bidi;
#[path = "browser/cases.rs"]
mod cases;
#[path = "browser/chromium.rs"]
mod chromium;
#[path = "browser/elsewhere.rs"]
mod elsewhere;
#[path = "browser/firefox.rs"]
mod firefox;
#[path = "browser/page.rs"]
mod page;
#[path = "browser/parity.rs"]
mod parity;
#[path = "browser/service.rs"]
mod service;

#[allow(dead_code)]
#[path = "../examples/realistic.rs"]
mod realistic;

use std::collections::HashMap;
use std::io::ErrorKind;
use std::net::{SocketAddr, TcpListener};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use cases::{Case, Expect, Page, CASES};
use page::Outcome;

const PAGE_ADDR: &str = "127.0.0.1:80";

fn main() -> ExitCode {
    let started = Instant::now();
    let args = Args::parse();
    let mut selected: Vec<&'static Case> = CASES
        .iter()
        .chain(elsewhere::CASES)
        .filter(|c| args.selects(c.name))
        .collect();
    if args.list {
        for case in &selected {
            println!("{}: test", case.name);
        }
        return ExitCode::SUCCESS;
    }
    println!("\nrunning {} browser cases", selected.len());
    if selected.is_empty() {
        return summary(&Report::default(), started);
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let chromium = chromium::binary();
    let firefox = firefox::binary();
    if let (Err(c), Err(f)) = (&chromium, &firefox) {
        return unavailable(&selected, &format!("{c}\n{f}"), ci, started);
    }
    let listeners = match Listeners::bind() {
        Ok(l) => l,
        Err(why) => return unavailable(&selected, &why, ci, started),
    };
    // The realistic example's allowed origins: its page on one port, not the other.
    // SAFETY: no other thread has started yet: the runtime is built below.
    unsafe {
        std::env::set_var(
            realistic::ORIGINS_VAR,
            format!("http://127.0.0.1:{}", port(&listeners.realistic_page)),
        )
    };
    if let Err(e) = realistic::validate_policies() {
        panic!("the realistic example refused its origins: {e}");
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(check_patch_counter());
    // The servers written elsewhere that the selected cases call; the cases of one that
    // cannot start (nginx or Python missing) do not run.
    let wanted: Vec<&'static str> = elsewhere::SERVERS
        .into_iter()
        .filter(|s| {
            selected
                .iter()
                .any(|c| elsewhere::server_of(c.name) == Some(s))
        })
        .collect();
    let (_elsewhere, missing_elsewhere) = elsewhere::start(&runtime, &wanted);
    let not_started: Vec<&'static Case> = selected
        .iter()
        .copied()
        .filter(|c| {
            elsewhere::server_of(c.name).is_some_and(|s| missing_elsewhere.iter().any(|m| m.0 == s))
        })
        .collect();
    selected.retain(|c| !not_started.iter().any(|n| n.name == c.name));
    let urls = listeners.serve(&runtime, selected.clone());

    let mut report = Report::default();
    report.elsewhere_missing(&missing_elsewhere, &not_started, ci);
    for (engine, missing) in [
        ("Chromium", chromium.as_ref().err()),
        ("Firefox", firefox.as_ref().err()),
    ] {
        if let Some(why) = missing {
            report.engine_missing(engine, why, ci);
        }
    }
    // Firefox loads all of this suite's own pages at once (a tab each) while Chromium loads
    // one page after the other; each engine tags its own requests. The realistic example's
    // page reports into its DOM only, so it runs in Chromium alone.
    let own_pages: Vec<&str> = Page::ALL
        .iter()
        .filter(|p| selected.iter().any(|c| c.page == **p))
        .filter_map(|p| p.host())
        .collect();
    // The realistic example's pages, which write into their DOM only, in Page::ALL's order
    // (the unlisted origin's first: see `Page::ALL`).
    let dom_pages: Vec<Page> = Page::ALL
        .into_iter()
        .filter(|p| p.is_realistic() && selected.iter().any(|c| c.page == *p))
        .collect();
    let dom_urls: Vec<&str> = dom_pages.iter().map(|p| urls[p].as_str()).collect();
    let rules = resolver_rules();
    std::thread::scope(|scope| {
        // Chromium loads every page in one browser, a tab each, beside Firefox.
        let chromium_run = match (&chromium, own_pages.is_empty() && dom_urls.is_empty()) {
            (Ok(browser), false) => Some(scope.spawn(|| {
                let t = Instant::now();
                let run = chromium::run_pages(
                    browser,
                    &own_pages,
                    &dom_urls,
                    |dom| page::self_check_outcomes(dom).is_ok(),
                    &rules,
                );
                println!(
                    "Chromium: {} pages, {:.1?}",
                    own_pages.len() + dom_urls.len(),
                    t.elapsed()
                );
                run
            })),
            _ => None,
        };
        let in_firefox = match (&firefox, own_pages.is_empty()) {
            (Ok(browser), false) => Some(scope.spawn(|| {
                let t = Instant::now();
                let reports = firefox::run_pages(browser, &own_pages);
                println!(
                    "Firefox: {} pages at once, {:.1?}",
                    own_pages.len(),
                    t.elapsed()
                );
                reports
            })),
            _ => None,
        };
        let run = chromium_run.map(|h| h.join().expect("the Chromium thread"));
        if let (Some(run), true) = (&run, std::env::var_os("SHOW_CONSOLE").is_some()) {
            run.console
                .iter()
                .for_each(|m| println!("  Chromium console: {m}"));
        }
        let mut in_chromium = HashMap::new();
        for page in Page::ALL {
            let cases: Vec<&Case> = selected
                .iter()
                .copied()
                .filter(|c| c.page == page)
                .collect();
            if cases.is_empty() {
                continue;
            }
            let Some(run) = &run else {
                cases.iter().for_each(|c| report.missing(c.name));
                continue;
            };
            let outcomes = match page.host() {
                Some(host) => run
                    .reports
                    .get(host)
                    .cloned()
                    .unwrap_or_else(|| Err(format!("no Chromium report for {host}")))
                    .and_then(|text| page::parse_outcomes(&text)),
                None => run
                    .doms
                    .get(&urls[&page])
                    .cloned()
                    .unwrap_or_else(|| Err(format!("no Chromium DOM for {}", urls[&page])))
                    .and_then(|dom| page::self_check_outcomes(&dom)),
            };
            for case in &cases {
                report.record(case.name, verdict(case, "", case.saw, &outcomes));
            }
            in_chromium.insert(page, (outcomes, run.console.clone()));
        }
        let in_firefox = in_firefox.map(|h| h.join().expect("the Firefox thread"));
        if let (Some(run), true) = (&in_firefox, std::env::var_os("SHOW_CONSOLE").is_some()) {
            run.console
                .iter()
                .for_each(|m| println!("  Firefox console: {m}"));
        }
        for page in Page::ALL.into_iter().filter(|p| !p.is_realistic()) {
            let cases: Vec<&Case> = selected
                .iter()
                .copied()
                .filter(|c| c.page == page)
                .collect();
            let host = page.host().expect("a page of this suite");
            let firefox_outcomes = in_firefox.as_ref().and_then(|run| {
                let report = run.reports.get(host)?.clone();
                Some(report.and_then(|text| page::parse_outcomes(&text)))
            });
            for case in &cases {
                let name = leak(format!("{}__firefox", case.name));
                match &firefox_outcomes {
                    Some(outcomes) => report.record(
                        name,
                        verdict(case, firefox::TAG, cases::firefox_saw(case), outcomes),
                    ),
                    None => report.missing(name),
                }
            }
            for case in cases {
                let name = leak(format!("{}__test_util_agrees", case.name));
                let console = in_firefox.as_ref().map_or(&[][..], |run| &run.console[..]);
                let agrees = runtime.block_on(helper_agrees(
                    case,
                    in_chromium.get(&page),
                    firefox_outcomes.as_ref(),
                    console,
                ));
                report.record(name, agrees);
            }
        }
    });
    drop(runtime);
    summary(&report, started)
}

fn leak(name: String) -> &'static str {
    Box::leak(name.into_boxed_str())
}

type Outcomes = Result<HashMap<String, Outcome>, String>;

/// The page's outcome for `case` against the expectation, then what reached the service
/// (requests tagged `{tag}{case}`: each engine tags its own).
fn verdict(
    case: &Case,
    tag: &str,
    saw: &[(&str, usize)],
    outcomes: &Outcomes,
) -> Result<(), String> {
    let outcomes = outcomes.as_ref().map_err(Clone::clone)?;
    let key = match case.page.is_realistic() {
        true => case.run,
        false => case.name,
    };
    let seen = outcomes
        .get(key)
        .ok_or_else(|| format!("the page wrote no outcome for {key:?}"))?;
    let as_expected = match (case.expect, seen) {
        (Expect::Resolved(want), Outcome::Resolved(got)) => want == got,
        (Expect::Blocked, Outcome::Rejected(error)) => error.starts_with("TypeError"),
        _ => false,
    };
    if !as_expected {
        return Err(format!("expected {:?}, the page saw {seen:?}", case.expect));
    }
    for &(method, want) in saw {
        let got = service::hits(&format!("{tag}{}", case.name), method);
        if got != want {
            return Err(format!(
                "the browser's verdict was right, but the service saw {got} {method} request(s) for this case, expected {want}"
            ));
        }
    }
    Ok(())
}

/// `axum_strict_cors::test_util::fetch` on the same request reaches each engine's verdict, reads the
/// same status and exposed header, gives the [`Reason`](axum_strict_cors::test_util::Reason)
/// written for the case in `parity::reason`, if any, and, when the request was blocked, the
/// reason each engine's console printed, word for word.
async fn helper_agrees(
    case: &Case,
    chromium: Option<&(Outcomes, Vec<String>)>,
    firefox: Option<&Outcomes>,
    firefox_console: &[String],
) -> Result<(), String> {
    let request = parity::request(case.name).ok_or_else(|| {
        format!(
            "no test_util request written for {:?} in tests/browser/parity.rs",
            case.name
        )
    })?;
    let origin = format!("http://{}", case.page.host().expect("a page of this suite"));
    let verdict = match elsewhere::server_of(case.name) {
        Some(server) => {
            let base = elsewhere::base(server).ok_or(format!("{server} was not started"))?;
            axum_strict_cors::test_util::fetch_url(base, &origin, request).await
        }
        None => axum_strict_cors::test_util::fetch(service::router(), &origin, request).await,
    };
    let helper = match verdict.blocked() {
        Some(reason) => format!("blocked: {reason} ({:?})", verdict.reason()),
        None => "allowed".into(),
    };
    if std::env::var_os("SHOW_VERDICTS").is_some() {
        println!("  test_util on {}: {helper}", case.name);
    }
    if let Some(want) = parity::reason(case.name) {
        if verdict.reason() != Some(&want) {
            return Err(format!("test_util: {helper}; expected the reason {want:?}"));
        }
    }
    let engines = [("Chromium", chromium.map(|(o, _)| o)), ("Firefox", firefox)];
    for (engine, outcomes) in engines {
        let Some(outcomes) = outcomes else { continue };
        let outcomes = outcomes.as_ref().map_err(Clone::clone)?;
        let seen = outcomes
            .get(case.name)
            .ok_or_else(|| format!("{engine}: the page wrote no outcome for {:?}", case.name))?;
        let browser_allowed = matches!(seen, Outcome::Resolved(_));
        if verdict.is_allowed() != browser_allowed {
            return Err(format!("{engine}: {seen:?}; test_util: {helper}"));
        }
        if let Outcome::Resolved(text) = seen {
            let status = text.split(' ').next().and_then(|s| s.parse::<u16>().ok());
            if status.is_some() && status != verdict.status() {
                return Err(format!(
                    "{engine} read status {status:?}, test_util {:?}",
                    verdict.status()
                ));
            }
            if let Some(read) = text.strip_prefix("200 x-total-count=") {
                let helper_read = verdict
                    .readable_header("x-total-count")
                    .map_or("null".to_string(), |v| {
                        v.to_str().unwrap_or("?").to_string()
                    });
                if helper_read != read {
                    return Err(format!(
                        "{engine} read x-total-count={read}, test_util read {helper_read}"
                    ));
                }
            }
        }
    }
    // Firefox's console names the URL as `<url>.` or `‘<url>’.`.
    let (Some(_), Some(reason), Some(wording)) = (
        firefox,
        verdict.blocked(),
        verdict.blocked().and_then(|b| b.firefox()),
    ) else {
        return chromium_wording(case, chromium, verdict.blocked());
    };
    let tag = format!("case={}{}", firefox::TAG, case.name);
    let printed: Vec<&String> = firefox_console
        .iter()
        .filter(|m| m.contains(&format!("{tag}.")) || m.contains(&format!("{tag}\u{2019}.")))
        .collect();
    if !printed
        .iter()
        .any(|m| m.contains(&format!("(Reason: {wording})")))
    {
        return Err(format!(
            "Firefox's console: {printed:?}; test_util: (Reason: {wording}) for {reason:?}"
        ));
    }
    chromium_wording(case, chromium, verdict.blocked())
}

/// When Chromium blocked the request, its console gave test_util's reason word for word.
fn chromium_wording(
    case: &Case,
    chromium: Option<&(Outcomes, Vec<String>)>,
    blocked: Option<&axum_strict_cors::test_util::Blocked>,
) -> Result<(), String> {
    if let (Some((_, console)), Some(reason)) = (chromium, blocked) {
        let needle = format!("case={}'", case.name);
        let printed = console
            .iter()
            .find(|m| m.contains(&needle) && m.contains("blocked by CORS policy: "))
            .and_then(|m| m.split_once("blocked by CORS policy: "))
            .map(|(_, why)| why)
            .ok_or_else(|| format!("Chromium printed no CORS error for {needle}"))?;
        if printed != reason.to_string() {
            return Err(format!(
                "Chromium's console: {printed:?}; test_util: {:?}",
                reason.to_string()
            ));
        }
    }
    Ok(())
}

/// The count that `method_not_in_policy_blocked_never_sent` relies on really counts: a PATCH
/// sent without a browser reaches the handler.
async fn check_patch_counter() {
    use tower::ServiceExt;
    let request = axum::http::Request::patch("/items/7?case=control")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = service::router().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(service::hits("control", "handler:patch_item"), 1);
}

/// Chromium's `--host-resolver-rules`: the page hosts to the page server, the service hosts to
/// the service, and nothing else resolves (loopback only). `MAP *` would also catch the
/// realistic example's 127.0.0.1 URLs, hence the `EXCLUDE`.
fn resolver_rules() -> String {
    let page_ip = PAGE_ADDR.split(':').next().unwrap();
    let mut rules: Vec<String> = Page::ALL
        .iter()
        .filter_map(|p| p.host())
        .map(|host| format!("MAP {host} {page_ip}"))
        .collect();
    for service in service::HOSTS {
        rules.push(format!("MAP {service} {page_ip}"));
    }
    rules.push("MAP * ~NOTFOUND".into());
    rules.push(format!("EXCLUDE {page_ip}"));
    rules.join(", ")
}

struct Listeners {
    pages: TcpListener,
    realistic_api: TcpListener,
    realistic_page: TcpListener,
    realistic_unlisted_page: TcpListener,
}

fn port(listener: &TcpListener) -> u16 {
    listener.local_addr().expect("bound").port()
}

impl Listeners {
    /// Binds every address before any server starts. Port 80 needs root; if another run of
    /// this suite holds it, waits for it (bounded).
    fn bind() -> Result<Self, String> {
        Ok(Listeners {
            pages: bind_waiting(PAGE_ADDR)?,
            realistic_api: bind_waiting("127.0.0.1:0")?,
            realistic_page: bind_waiting("127.0.0.1:0")?,
            realistic_unlisted_page: bind_waiting("127.0.0.1:0")?,
        })
    }

    /// Starts the servers; returns the URL to load for each page.
    fn serve(
        self,
        runtime: &tokio::runtime::Runtime,
        selected: Vec<&'static Case>,
    ) -> HashMap<Page, String> {
        let api_port = port(&self.realistic_api);
        let mut urls: HashMap<Page, String> = Page::ALL
            .iter()
            .filter_map(|p| Some((*p, format!("http://{}/", p.host()?))))
            .collect();
        for (page, listener) in [
            (Page::Realistic, &self.realistic_page),
            (Page::RealisticUnlisted, &self.realistic_unlisted_page),
        ] {
            let url = format!("http://127.0.0.1:{}/#self-check", port(listener));
            urls.insert(page, url);
        }
        let servers = [
            (self.pages, page::router(selected, service::router())),
            (
                self.realistic_api,
                realistic::api(realistic::AppState::seeded()),
            ),
            (self.realistic_page, realistic::page(api_port)),
            (self.realistic_unlisted_page, realistic::page(api_port)),
        ];
        let _guard = runtime.enter();
        for (listener, router) in servers {
            listener.set_nonblocking(true).expect("nonblocking");
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            runtime.spawn(async move { axum::serve(listener, router).await });
        }
        urls
    }
}

fn bind_waiting(addr: &str) -> Result<TcpListener, String> {
    let addr: SocketAddr = addr.parse().expect("address");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut told = false;
    loop {
        match TcpListener::bind(addr) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == ErrorKind::AddrInUse && Instant::now() < deadline => {
                if !told {
                    eprintln!("{addr} is in use (another run of this suite?); waiting up to 60 s");
                    told = true;
                }
                std::thread::sleep(Duration::from_millis(250));
            }
            Err(e) => {
                return Err(format!(
                    "cannot listen on {addr}: {e} (port 80 needs root, or CAP_NET_BIND_SERVICE)"
                ));
            }
        }
    }
}

/// Chromium or port 80 is unavailable: a failure under CI, otherwise every case is skipped,
/// loudly.
fn unavailable(selected: &[&Case], why: &str, ci: bool, started: Instant) -> ExitCode {
    let mut report = Report::default();
    let line = "=".repeat(78);
    match ci {
        true => {
            eprintln!("{line}\nBROWSER TESTS CANNOT RUN, and CI=true: failing.\n{why}\n{line}");
            for case in selected {
                report.record(case.name, Err(why.to_owned()));
            }
        }
        false => {
            eprintln!(
                "{line}\nBROWSER TESTS SKIPPED: {why}\nNone of the {} cases below ran; they are NOT passing. (With CI=true this is a failure.)\n{line}",
                selected.len()
            );
            for case in selected {
                println!("test {} ... SKIPPED", case.name);
                report.skipped += 1;
            }
        }
    }
    summary(&report, started)
}

#[derive(Default)]
struct Report {
    ci: bool,
    missing_why: String,
    passed: usize,
    skipped: usize,
    failures: Vec<(&'static str, String)>,
}

impl Report {
    /// A browser is missing: its cases fail under CI, and are skipped (loudly) otherwise.
    fn engine_missing(&mut self, engine: &str, why: &str, ci: bool) {
        let line = "=".repeat(78);
        match ci {
            true => eprintln!(
                "{line}
CI=true and {engine} is missing: its cases FAIL.
{why}
{line}"
            ),
            false => eprintln!(
                "{line}
BROWSER TESTS SKIPPED in {engine}: {why}
Its cases are listed as SKIPPED below; they are NOT passing. (With CI=true this is a failure.)
{line}"
            ),
        }
        self.ci = ci;
        self.missing_why.push_str(why);
    }

    /// Servers written elsewhere that could not start: their cases fail under CI, and are
    /// skipped (loudly) otherwise, in each engine and in `test_util`'s parity.
    fn elsewhere_missing(
        &mut self,
        missing: &[(&'static str, String)],
        cases: &[&'static Case],
        ci: bool,
    ) {
        if missing.is_empty() {
            return;
        }
        let line = "=".repeat(78);
        let why: Vec<String> = missing
            .iter()
            .map(|(s, why)| format!("{s}: {why}"))
            .collect();
        let why = why.join("\n");
        match ci {
            true => eprintln!(
                "{line}\nCI=true and a server written elsewhere cannot start: its cases FAIL.\n{why}\n{line}"
            ),
            false => eprintln!(
                "{line}\nBROWSER TESTS SKIPPED for servers written elsewhere: {why}\nTheir cases are listed as SKIPPED below; they are NOT passing. (With CI=true this is a failure.)\n{line}"
            ),
        }
        for case in cases {
            for suffix in ["", "__firefox", "__test_util_agrees"] {
                let name = leak(format!("{}{suffix}", case.name));
                match ci {
                    true => self.record(name, Err(why.clone())),
                    false => {
                        println!("test {name} ... SKIPPED");
                        self.skipped += 1;
                    }
                }
            }
        }
    }

    /// A case of a missing browser.
    fn missing(&mut self, name: &'static str) {
        match self.ci {
            true => self.record(name, Err(format!("browser missing: {}", self.missing_why))),
            false => {
                println!("test {name} ... SKIPPED");
                self.skipped += 1;
            }
        }
    }

    fn record(&mut self, name: &'static str, verdict: Result<(), String>) {
        match verdict {
            Ok(()) => {
                println!("test {name} ... ok");
                self.passed += 1;
            }
            Err(why) => {
                println!("test {name} ... FAILED");
                self.failures.push((name, why));
            }
        }
    }
}

fn summary(report: &Report, started: Instant) -> ExitCode {
    if !report.failures.is_empty() {
        println!("\nfailures:");
        for (name, why) in &report.failures {
            println!("    {name}: {why}");
        }
    }
    println!("\nbrowser suite finished in {:.1?}", started.elapsed());
    println!(
        "{} passed, {} failed, {} skipped",
        report.passed,
        report.failures.len(),
        report.skipped
    );
    match report.failures.is_empty() {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    }
}

/// The libtest arguments that make sense here; others (`--nocapture`, ...) are ignored.
#[derive(Default)]
struct Args {
    filters: Vec<String>,
    skip: Vec<String>,
    exact: bool,
    list: bool,
}

impl Args {
    fn parse() -> Self {
        let mut args = Args::default();
        let mut it = std::env::args().skip(1);
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--list" => args.list = true,
                "--exact" => args.exact = true,
                "--skip" => args.skip.extend(it.next()),
                // Flags whose value is the next argument.
                "--test-threads" | "--format" | "--color" | "--logfile" | "-Z" => {
                    it.next();
                }
                // `--ignored`: this suite has no ignored cases.
                "--ignored" => args.skip.push(String::new()),
                flag if flag.starts_with('-') => {}
                filter => args.filters.push(filter.to_owned()),
            }
        }
        args
    }

    fn selects(&self, name: &str) -> bool {
        let matches = |f: &String| match self.exact {
            true => name == f,
            false => name.contains(f.as_str()),
        };
        (self.filters.is_empty() || self.filters.iter().any(matches))
            && !self.skip.iter().any(|s| name.contains(s.as_str()))
    }
}
