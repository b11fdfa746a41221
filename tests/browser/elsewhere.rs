//! Servers written elsewhere, started by the suite on loopback ports: tower-http's
//! `CorsLayer` in three configurations, Debian's `nginx` in front of an axum app (passing its
//! answers through, adding a second `Access-Control-Allow-Origin`, answering `OPTIONS` itself,
//! redirecting), and Starlette's `CORSMiddleware` under uvicorn. The pages call them by
//! `E["<server>"]` (their base URLs, written into the page); `test_util::fetch_url` makes the
//! same exchanges over HTTP and must reach the same verdicts and words as both engines.
//!
//! nginx and Python (with Starlette and uvicorn in `target/elsewhere-venv`, which
//! `.ci/install-elsewhere` makes) may be missing locally: their cases are then skipped,
//! loudly, and fail under `CI=true`.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderValue, Method};
use axum::routing::get;
use axum::Router;
use axum_strict_cors::{cors, preflight};
use tower_http::cors::CorsLayer;

use axum_strict_cors::test_util::{Credentials, Reason, Request};

use crate::bidi::Running;
use crate::cases::{Case, Expect::*, Page::*};

/// Each server's base URL, once started; what the pages' `E` holds.
static BASES: OnceLock<HashMap<&'static str, String>> = OnceLock::new();

/// The servers, by the name the cases use.
pub const SERVERS: [&str; 5] = [
    "tower_permissive",
    "tower_listed",
    "tower_mirror",
    "nginx",
    "starlette",
];

/// The server a case of this file calls (its name is `elsewhere_<server>_...`).
pub fn server_of(case: &str) -> Option<&'static str> {
    let rest = case.strip_prefix("elsewhere_")?;
    SERVERS
        .into_iter()
        .find(|s| rest.starts_with(&format!("{s}_")))
}

/// The base URL of a started server.
pub fn base(server: &str) -> Option<&'static str> {
    BASES.get()?.get(server).map(String::as_str)
}

/// `E`, the pages' table of base URLs, as a JavaScript object literal.
pub fn js_bases() -> String {
    let bases = BASES.get().cloned().unwrap_or_default();
    serde_json::to_string(&bases).expect("a map of strings")
}

macro_rules! js {
    // A GET of /items on the server.
    (get $server:literal) => {
        concat!(
            r#"return show(await fetch(E[""#,
            $server,
            r#""] + "/items" + q));"#
        )
    };
    (get $server:literal $path:literal) => {
        concat!(
            r#"return show(await fetch(E[""#,
            $server,
            r#""] + ""#,
            $path,
            r#"" + q));"#
        )
    };
    (get_include $server:literal) => {
        concat!(
            r#"return show(await fetch(E[""#,
            $server,
            r#""] + "/items" + q, { credentials: "include" }));"#
        )
    };
    (get_header $server:literal) => {
        concat!(
            r#"return show(await fetch(E[""#,
            $server,
            r#""] + "/items" + q, { headers: { "x-api-key": "k" } }));"#
        )
    };
    (put $server:literal $path:literal) => {
        concat!(
            r#"return show(await fetch(E[""#,
            $server,
            r#""] + ""#,
            $path,
            r#"" + q, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "pen" }) }));"#
        )
    };
    (put_include $server:literal) => {
        concat!(
            r#"return show(await fetch(E[""#,
            $server,
            r#""] + "/items" + q, { method: "PUT", credentials: "include", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "pen" }) }));"#
        )
    };
    (patch $server:literal) => {
        concat!(
            r#"return show(await fetch(E[""#,
            $server,
            r#""] + "/items" + q, { method: "PATCH" }));"#
        )
    };
}

/// The exchanges, each run by both engines and by `test_util::fetch_url`
/// (`parity::request` has the same request).
pub const CASES: &[Case] = &[
    // tower-http `CorsLayer::permissive()`: `*` for everything.
    Case {
        name: "elsewhere_tower_permissive_get_read_by_any_page",
        page: Evil,
        run: js!(get "tower_permissive"),
        expect: Resolved("200 items"),
        saw: &[],
    },
    Case {
        name: "elsewhere_tower_permissive_put_json_allowed",
        page: Www,
        run: js!(put "tower_permissive" "/items"),
        expect: Resolved("200 saved"),
        saw: &[],
    },
    Case {
        name: "elsewhere_tower_permissive_credentialed_fetch_blocked",
        page: Www,
        run: js!(get_include "tower_permissive"),
        expect: Blocked,
        saw: &[],
    },
    // tower-http with one origin, GET and PUT, content-type.
    Case {
        name: "elsewhere_tower_listed_get_allowed",
        page: Www,
        run: js!(get "tower_listed"),
        expect: Resolved("200 items"),
        saw: &[],
    },
    Case {
        name: "elsewhere_tower_listed_get_blocked_for_unlisted_origin",
        page: Evil,
        run: js!(get "tower_listed"),
        expect: Blocked,
        saw: &[],
    },
    Case {
        name: "elsewhere_tower_listed_put_blocked_for_unlisted_origin_by_a_200_preflight",
        page: Evil,
        run: js!(put "tower_listed" "/items"),
        expect: Blocked,
        saw: &[],
    },
    Case {
        name: "elsewhere_tower_listed_patch_not_in_allow_methods_blocked",
        page: Www,
        run: js!(patch "tower_listed"),
        expect: Blocked,
        saw: &[],
    },
    Case {
        name: "elsewhere_tower_listed_unlisted_header_blocked",
        page: Www,
        run: js!(get_header "tower_listed"),
        expect: Blocked,
        saw: &[],
    },
    Case {
        name: "elsewhere_tower_listed_credentialed_fetch_blocked",
        page: Www,
        run: js!(get_include "tower_listed"),
        expect: Blocked,
        saw: &[],
    },
    // tower-http `CorsLayer::very_permissive()`: the request's origin mirrored, credentials.
    Case {
        name: "elsewhere_tower_mirror_credentialed_put_allowed",
        page: AppLocal,
        run: js!(put_include "tower_mirror"),
        expect: Resolved("200 saved"),
        saw: &[],
    },
    // nginx in front of an axum app whose `#[cors]` handlers allow http://www.example.com.
    Case {
        name: "elsewhere_nginx_proxied_get_allowed",
        page: Www,
        run: js!(get "nginx" "/app/items"),
        expect: Resolved("200 items"),
        saw: &[],
    },
    Case {
        name: "elsewhere_nginx_proxied_put_allowed",
        page: Www,
        run: js!(put "nginx" "/app/items"),
        expect: Resolved("200 saved"),
        saw: &[],
    },
    Case {
        name: "elsewhere_nginx_add_header_on_top_of_the_app_blocked",
        page: Www,
        run: js!(get "nginx" "/dup/items"),
        expect: Blocked,
        saw: &[],
    },
    Case {
        name: "elsewhere_nginx_add_header_on_top_of_the_app_preflight_blocked",
        page: Www,
        run: js!(put "nginx" "/dup/items"),
        expect: Blocked,
        saw: &[],
    },
    Case {
        name: "elsewhere_nginx_answering_options_itself_blocked",
        page: Www,
        run: js!(put "nginx" "/own-options/items"),
        expect: Blocked,
        saw: &[],
    },
    Case {
        name: "elsewhere_nginx_redirect_without_grant_blocked",
        page: Www,
        run: js!(get "nginx" "/moved/items"),
        expect: Blocked,
        saw: &[],
    },
    // Starlette's CORSMiddleware: http://www.example.com, GET and PUT, content-type,
    // credentials, x-total-count exposed.
    Case {
        name: "elsewhere_starlette_get_allowed",
        page: Www,
        run: js!(get "starlette"),
        expect: Resolved("200 items"),
        saw: &[],
    },
    Case {
        name: "elsewhere_starlette_get_blocked_for_unlisted_origin",
        page: Evil,
        run: js!(get "starlette"),
        expect: Blocked,
        saw: &[],
    },
    Case {
        name: "elsewhere_starlette_put_allowed",
        page: Www,
        run: js!(put "starlette" "/items"),
        expect: Resolved("200 saved"),
        saw: &[],
    },
    Case {
        name: "elsewhere_starlette_put_blocked_for_unlisted_origin_by_a_400_preflight",
        page: Evil,
        run: js!(put "starlette" "/items"),
        expect: Blocked,
        saw: &[],
    },
    Case {
        name: "elsewhere_starlette_patch_refused_with_400_blocked",
        page: Www,
        run: js!(patch "starlette"),
        expect: Blocked,
        saw: &[],
    },
    Case {
        name: "elsewhere_starlette_credentialed_get_allowed",
        page: Www,
        run: js!(get_include "starlette"),
        expect: Resolved("200 items"),
        saw: &[],
    },
];

/// The request of each case, as `test_util` makes it (its path resolved against the server's
/// base URL).
pub fn request(case: &str) -> Option<Request> {
    let get = |path: &str| Request::new("GET", &format!("{path}?case=helper"));
    let put = |path: &str| {
        Request::new("PUT", &format!("{path}?case=helper"))
            .header("content-type", "application/json")
            .body(r#"{"name":"pen"}"#)
    };
    let include = |r: Request| r.credentials(Credentials::Include);
    Some(match case {
        "elsewhere_tower_permissive_get_read_by_any_page"
        | "elsewhere_tower_listed_get_allowed"
        | "elsewhere_tower_listed_get_blocked_for_unlisted_origin"
        | "elsewhere_starlette_get_allowed"
        | "elsewhere_starlette_get_blocked_for_unlisted_origin" => get("/items"),
        "elsewhere_tower_permissive_put_json_allowed"
        | "elsewhere_tower_listed_put_blocked_for_unlisted_origin_by_a_200_preflight"
        | "elsewhere_starlette_put_allowed"
        | "elsewhere_starlette_put_blocked_for_unlisted_origin_by_a_400_preflight" => put("/items"),
        "elsewhere_tower_permissive_credentialed_fetch_blocked"
        | "elsewhere_tower_listed_credentialed_fetch_blocked"
        | "elsewhere_starlette_credentialed_get_allowed" => include(get("/items")),
        "elsewhere_tower_listed_patch_not_in_allow_methods_blocked"
        | "elsewhere_starlette_patch_refused_with_400_blocked" => {
            Request::new("PATCH", "/items?case=helper")
        }
        "elsewhere_tower_listed_unlisted_header_blocked" => get("/items").header("x-api-key", "k"),
        "elsewhere_tower_mirror_credentialed_put_allowed" => include(put("/items")),
        "elsewhere_nginx_proxied_get_allowed" => get("/app/items"),
        "elsewhere_nginx_proxied_put_allowed" => put("/app/items"),
        "elsewhere_nginx_add_header_on_top_of_the_app_blocked" => get("/dup/items"),
        "elsewhere_nginx_add_header_on_top_of_the_app_preflight_blocked" => put("/dup/items"),
        "elsewhere_nginx_answering_options_itself_blocked" => put("/own-options/items"),
        "elsewhere_nginx_redirect_without_grant_blocked" => get("/moved/items"),
        _ => return None,
    })
}

/// The reason `test_util` must give for each blocked case.
pub fn reason(case: &str) -> Option<Reason> {
    Some(match case {
        "elsewhere_tower_permissive_credentialed_fetch_blocked"
        | "elsewhere_tower_listed_credentialed_fetch_blocked" => Reason::Credentials,
        // tower-http answers every origin with its one listed origin, and a refused
        // preflight with 200.
        "elsewhere_tower_listed_get_blocked_for_unlisted_origin"
        | "elsewhere_tower_listed_put_blocked_for_unlisted_origin_by_a_200_preflight"
        // Starlette leaves the grant out and says `Vary: Origin`, on its 400 preflight too.
        | "elsewhere_starlette_get_blocked_for_unlisted_origin"
        | "elsewhere_starlette_put_blocked_for_unlisted_origin_by_a_400_preflight"
        // Two grants.
        | "elsewhere_nginx_add_header_on_top_of_the_app_blocked"
        | "elsewhere_nginx_add_header_on_top_of_the_app_preflight_blocked" => Reason::Origin,
        "elsewhere_tower_listed_patch_not_in_allow_methods_blocked" => {
            Reason::Method("PATCH".into())
        }
        "elsewhere_tower_listed_unlisted_header_blocked" => Reason::Header("x-api-key".into()),
        // nginx's own answers carry no CORS header at all.
        "elsewhere_nginx_answering_options_itself_blocked" => Reason::Unhandled(204),
        "elsewhere_nginx_redirect_without_grant_blocked" => Reason::Unhandled(301),
        // Starlette refuses a method with a 400 that carries the grant.
        "elsewhere_starlette_patch_refused_with_400_blocked" => Reason::Status(400),
        _ => return None,
    })
}

/// Servers that could not start, each with why.
pub type Missing = Vec<(&'static str, String)>;

/// What keeps the servers running: the processes (ended, with their process groups, when
/// dropped) and their temporary directory.
pub struct Started {
    _processes: Vec<Running>,
    dir: PathBuf,
}

impl Drop for Started {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Starts the servers `wanted` on loopback (tower-http's in `runtime`, nginx and uvicorn as
/// processes) and waits until each accepts connections (bounded); records their base URLs
/// for the pages and `test_util`.
pub fn start(runtime: &tokio::runtime::Runtime, wanted: &[&'static str]) -> (Started, Missing) {
    let dir =
        std::env::temp_dir().join(format!("axum-strict-cors-elsewhere-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let mut bases = HashMap::new();
    let mut missing = Missing::new();
    let mut processes = Vec::new();
    let serve = |app: Router| -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("bound"));
        listener.set_nonblocking(true).expect("nonblocking");
        let _guard = runtime.enter();
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        runtime.spawn(async move { axum::serve(listener, app).await });
        base
    };
    let cors_origin = HeaderValue::from_static("http://www.example.com");
    if wanted.contains(&"tower_permissive") {
        bases.insert(
            "tower_permissive",
            serve(items().layer(CorsLayer::permissive())),
        );
    }
    if wanted.contains(&"tower_listed") {
        let listed = CorsLayer::new()
            .allow_origin(cors_origin)
            .allow_methods([Method::GET, Method::PUT])
            .allow_headers([header::CONTENT_TYPE]);
        bases.insert("tower_listed", serve(items().layer(listed)));
    }
    if wanted.contains(&"tower_mirror") {
        bases.insert(
            "tower_mirror",
            serve(items().layer(CorsLayer::very_permissive())),
        );
    }
    let mut waiting = Vec::new();
    if wanted.contains(&"nginx") {
        let app = serve(proxied_app());
        match nginx(&dir, &app) {
            Ok((running, port)) => {
                processes.push(running);
                waiting.push(("nginx", port));
            }
            Err(why) => missing.push(("nginx", why)),
        }
    }
    if wanted.contains(&"starlette") {
        match starlette(&dir) {
            Ok((running, port)) => {
                processes.push(running);
                waiting.push(("starlette", port));
            }
            Err(why) => missing.push(("starlette", why)),
        }
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    for (server, port) in waiting {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                bases.insert(server, format!("http://127.0.0.1:{port}"));
                break;
            }
            if Instant::now() >= deadline {
                let log =
                    std::fs::read_to_string(dir.join(format!("{server}.log"))).unwrap_or_default();
                missing.push((
                    server,
                    format!("{server} did not listen on {addr} within 20 s: {log}"),
                ));
                break;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
    let _ = BASES.set(bases);
    (
        Started {
            _processes: processes,
            dir,
        },
        missing,
    )
}

/// `GET /items` answers `items`, `PUT /items` answers `saved`, `PATCH` is served too.
fn items() -> Router {
    Router::new().route(
        "/items",
        get(|| async { "items" })
            .put(|| async { "saved" })
            .patch(|| async { "patched" }),
    )
}

#[cors(
    origins = "http://www.example.com",
    methods = "GET",
    headers = "content-type"
)]
async fn list_items() -> &'static str {
    "items"
}

#[cors(
    origins = "http://www.example.com",
    methods = "PUT",
    headers = "content-type"
)]
async fn save_item() -> &'static str {
    "saved"
}

/// The app behind nginx: this crate's handlers.
fn proxied_app() -> Router {
    Router::new().route(
        "/items",
        get(list_items)
            .put(save_item)
            .options(preflight!(list_items, save_item)),
    )
}

/// A free loopback port (taken, then released for the server to bind).
fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free loopback port: {e}"))
}

fn spawn(command: &mut Command, log: &Path) -> Result<Running, String> {
    use std::os::unix::process::CommandExt;
    let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    command
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .spawn()
        .map(Running)
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))
}

/// Debian's nginx, or `$NGINX`.
fn nginx_binary() -> Result<PathBuf, String> {
    let path = std::env::var_os("NGINX").map_or_else(|| "/usr/sbin/nginx".into(), PathBuf::from);
    match path.is_file() {
        true => Ok(path),
        false => Err(format!(
            "nginx not found at {} (install it: `apt-get install -y nginx`, or `.ci/install-elsewhere`; or set NGINX=/path/to/nginx)",
            path.display()
        )),
    }
}

/// nginx in front of `app`: `/app/` passes its answers through, `/dup/` adds a second
/// `Access-Control-Allow-Origin` (`add_header ... always`, as a proxy configured for CORS on
/// its own would), `/own-options/` answers every `OPTIONS` itself with an empty 204, and
/// `/moved/` redirects to `/app/` with a 301 of nginx's own.
fn nginx(dir: &Path, app: &str) -> Result<(Running, u16), String> {
    let binary = nginx_binary()?;
    let port = free_port()?;
    let prefix = dir.join("nginx");
    std::fs::create_dir_all(prefix.join("logs")).map_err(|e| e.to_string())?;
    let p = prefix.display();
    // As root, nginx's workers would run as `nobody`; `user root` keeps them able to read
    // the temporary directory. As another user the directive is ignored (with a warning).
    let user = match std::env::var("USER").as_deref() {
        Ok("root") | Err(_) => "user root;",
        Ok(_) => "",
    };
    let config = format!(
        r#"{user}
daemon off;
worker_processes 1;
pid {p}/nginx.pid;
error_log {p}/logs/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {p}/client_body;
    proxy_temp_path {p}/proxy;
    fastcgi_temp_path {p}/fastcgi;
    uwsgi_temp_path {p}/uwsgi;
    scgi_temp_path {p}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location /app/ {{
            proxy_pass {app}/;
        }}
        location /dup/ {{
            add_header Access-Control-Allow-Origin $http_origin always;
            proxy_pass {app}/;
        }}
        location /own-options/ {{
            if ($request_method = OPTIONS) {{
                return 204;
            }}
            proxy_pass {app}/;
        }}
        location /moved/ {{
            return 301 /app/items$is_args$args;
        }}
    }}
}}
"#
    );
    let file = prefix.join("nginx.conf");
    std::fs::write(&file, config).map_err(|e| e.to_string())?;
    let running = spawn(
        Command::new(binary)
            .arg("-p")
            .arg(&prefix)
            .arg("-c")
            .arg(&file)
            .arg("-e")
            .arg(prefix.join("logs/error.log")),
        &dir.join("nginx.log"),
    )?;
    Ok((running, port))
}

/// The Python of the virtual environment `.ci/install-elsewhere` makes, or `$ELSEWHERE_PYTHON`.
fn python() -> Result<PathBuf, String> {
    let path = std::env::var_os("ELSEWHERE_PYTHON").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/elsewhere-venv/bin/python"),
        PathBuf::from,
    );
    match path.is_file() {
        true => Ok(path),
        false => Err(format!(
            "no Python with Starlette and uvicorn at {} (run `.ci/install-elsewhere`, or set ELSEWHERE_PYTHON to a Python that has them)",
            path.display()
        )),
    }
}

const STARLETTE_APP: &str = r#"
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def items(request):
    if request.method == "PUT":
        return PlainTextResponse("saved")
    if request.method == "PATCH":
        return PlainTextResponse("patched")
    return PlainTextResponse("items", headers={"x-total-count": "3"})


app = Starlette(
    routes=[Route("/items", items, methods=["GET", "PUT", "PATCH"])],
    middleware=[
        Middleware(
            CORSMiddleware,
            allow_origins=["http://www.example.com"],
            allow_methods=["GET", "PUT"],
            allow_headers=["content-type"],
            allow_credentials=True,
            expose_headers=["x-total-count"],
        )
    ],
)
"#;

/// Starlette's `CORSMiddleware` under uvicorn.
fn starlette(dir: &Path) -> Result<(Running, u16), String> {
    let python = python()?;
    let port = free_port()?;
    std::fs::write(dir.join("cors_app.py"), STARLETTE_APP).map_err(|e| e.to_string())?;
    let running = spawn(
        Command::new(python)
            .args(["-m", "uvicorn", "cors_app:app", "--host", "127.0.0.1"])
            .arg("--port")
            .arg(port.to_string())
            .arg("--app-dir")
            .arg(dir)
            .args(["--log-level", "warning"]),
        &dir.join("starlette.log"),
    )?;
    Ok((running, port))
}
