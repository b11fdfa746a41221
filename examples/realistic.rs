//! A small JSON API a team could start from: a shared todo list, a cookie login, and a
//! one-page front end served from a second origin that calls the API with `fetch()`.
//!
//! ```text
//! cargo run --example realistic
//! # API  on http://127.0.0.1:3000
//! # page on http://127.0.0.1:3001   <- open this one in a browser
//! ```
//!
//! Environment (all optional):
//! - `TODO_ORIGINS`: the origins allowed to call the API, comma-separated. Read once at
//!   start-up and validated; a bad value stops the program with the reason. Unset, it defaults
//!   to the page's own origins, `http://127.0.0.1:3001, http://localhost:3001`.
//! - `API_ADDR` (default `127.0.0.1:3000`), `PAGE_ADDR` (default `127.0.0.1:3001`).
//! - `RUST_LOG` (default `axum_strict_cors=debug,realistic=info`): every refused CORS request is
//!   logged on target `axum_strict_cors` with its reason.
//!
//! Per-route policies:
//!
//! | route                          | origins        | why                                       |
//! |--------------------------------|----------------|-------------------------------------------|
//! | `GET /api/health`              | `*`            | public, no cookies                        |
//! | `GET, POST /api/todos`         | `$TODO_ORIGINS`| JSON body, `x-request-id`, `x-total-count`|
//! | `PUT, DELETE /api/todos/{id}`  | `$TODO_ORIGINS`| preflighted methods                       |
//! | `POST /api/login`, `/logout`, `GET /api/me` | `$TODO_ORIGINS` + `credentials` | the session cookie |

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::future::IntoFuture;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use axum_strict_cors::{cors, cors_route, PolicyError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The variable holding the allowed origins.
pub const ORIGINS_VAR: &str = "TODO_ORIGINS";
const SESSION_COOKIE: &str = "todo_session";

#[derive(Clone, Serialize)]
pub struct Todo {
    id: u64,
    title: String,
    done: bool,
}

#[derive(Deserialize)]
pub struct NewTodo {
    title: String,
}

#[derive(Deserialize)]
pub struct TodoChange {
    title: Option<String>,
    done: Option<bool>,
}

#[derive(Deserialize)]
pub struct Credentials {
    name: String,
}

/// The whole state, in memory: a real service would use a database and a session store.
#[derive(Clone, Default)]
pub struct AppState(Arc<Mutex<Store>>);

#[derive(Default)]
struct Store {
    todos: Vec<Todo>,
    next_id: u64,
    /// Session token -> user name.
    sessions: HashMap<String, String>,
}

impl AppState {
    /// A list with two todos, so the page has something to show.
    pub fn seeded() -> Self {
        let state = AppState::default();
        for title in ["Read the CORS checklist", "Ship the API"] {
            state.add(title.into());
        }
        state
    }

    fn add(&self, title: String) -> Todo {
        let mut store = self.0.lock().unwrap();
        store.next_id += 1;
        let todo = Todo {
            id: store.next_id,
            title,
            done: false,
        };
        store.todos.push(todo.clone());
        todo
    }

    fn user(&self, headers: &HeaderMap) -> Option<String> {
        let token = session_token(headers)?;
        self.0.lock().unwrap().sessions.get(token).cloned()
    }
}

/// The value of our session cookie in the request's `Cookie` header(s).
fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(name, value)| (name == SESSION_COOKIE).then_some(value))
}

/// An unguessable token. A real service would use a CSPRNG crate; `RandomState` is seeded
/// from the OS, which is enough for an example.
fn new_token() -> String {
    let mut token = String::new();
    for _ in 0..2 {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(0);
        token.push_str(&format!("{:016x}", hasher.finish()));
    }
    token
}

// --- public ----------------------------------------------------------------------------------

/// Anyone may check that the API is up; no cookies involved, so `*` is safe.
#[cors(origins = "*")]
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

// --- the todo list: the front end's origins, JSON bodies, a request id, a total count ---------

/// `GET /api/todos`: the page reads the total from `x-total-count`, so it is exposed.
#[cors(
    origins_env = "TODO_ORIGINS",
    methods = "GET, POST",
    headers = "content-type, x-request-id",
    expose_headers = "x-total-count"
)]
async fn list_todos(State(state): State<AppState>) -> impl IntoResponse {
    let todos = state.0.lock().unwrap().todos.clone();
    ([("x-total-count", todos.len().to_string())], Json(todos))
}

/// `POST /api/todos` with a JSON body: `content-type: application/json` makes it preflighted.
#[cors(
    origins_env = "TODO_ORIGINS",
    methods = "GET, POST",
    headers = "content-type, x-request-id",
    expose_headers = "x-total-count"
)]
async fn create_todo(
    State(state): State<AppState>,
    Json(new): Json<NewTodo>,
) -> Result<(StatusCode, Json<Todo>), (StatusCode, &'static str)> {
    let title = new.title.trim();
    if title.is_empty() {
        return Err((StatusCode::UNPROCESSABLE_ENTITY, "title is empty"));
    }
    Ok((StatusCode::CREATED, Json(state.add(title.into()))))
}

#[cors(
    origins_env = "TODO_ORIGINS",
    methods = "PUT, DELETE",
    headers = "content-type, x-request-id"
)]
async fn update_todo(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Json(change): Json<TodoChange>,
) -> Result<Json<Todo>, StatusCode> {
    let mut store = state.0.lock().unwrap();
    let todo = store
        .todos
        .iter_mut()
        .find(|t| t.id == id)
        .ok_or(StatusCode::NOT_FOUND)?;
    if let Some(title) = change.title {
        todo.title = title;
    }
    if let Some(done) = change.done {
        todo.done = done;
    }
    Ok(Json(todo.clone()))
}

#[cors(
    origins_env = "TODO_ORIGINS",
    methods = "PUT, DELETE",
    headers = "content-type, x-request-id"
)]
async fn delete_todo(State(state): State<AppState>, Path(id): Path<u64>) -> StatusCode {
    let mut store = state.0.lock().unwrap();
    let before = store.todos.len();
    store.todos.retain(|t| t.id != id);
    match store.todos.len() < before {
        true => StatusCode::NO_CONTENT,
        false => StatusCode::NOT_FOUND,
    }
}

// --- the session: cookies cross origins only with `credentials` -------------------------------

#[cors(
    origins_env = "TODO_ORIGINS",
    methods = "POST",
    headers = "content-type",
    credentials
)]
async fn login(State(state): State<AppState>, Json(who): Json<Credentials>) -> Response {
    let name = who.name.trim().to_owned();
    if name.is_empty() {
        return (StatusCode::UNPROCESSABLE_ENTITY, "name is empty").into_response();
    }
    let token = new_token();
    state
        .0
        .lock()
        .unwrap()
        .sessions
        .insert(token.clone(), name.clone());
    // Behind HTTPS, add `Secure`. `SameSite=Lax` is enough here: the page and the API are
    // same-site (same host, another port), only cross-origin.
    let cookie =
        format!("{SESSION_COOKIE}={token}; Path=/api; HttpOnly; SameSite=Lax; Max-Age=3600");
    (
        [(header::SET_COOKIE, cookie)],
        Json(json!({ "name": name })),
    )
        .into_response()
}

#[cors(origins_env = "TODO_ORIGINS", credentials)]
async fn me(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Value>, StatusCode> {
    let name = state.user(&headers).ok_or(StatusCode::UNAUTHORIZED)?;
    Ok(Json(json!({ "name": name })))
}

#[cors(origins_env = "TODO_ORIGINS", methods = "POST", credentials)]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> impl IntoResponse {
    if let Some(token) = session_token(&headers) {
        state.0.lock().unwrap().sessions.remove(token);
    }
    let expired = format!("{SESSION_COOKIE}=; Path=/api; HttpOnly; SameSite=Lax; Max-Age=0");
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired)])
}

/// Checks every policy that reads `TODO_ORIGINS`; call before serving.
pub fn validate_policies() -> Result<(), PolicyError> {
    axum_strict_cors::validate!(
        list_todos,
        create_todo,
        update_todo,
        delete_todo,
        login,
        me,
        logout
    )
}

/// Logs each API request with its origin and request id.
async fn log_request(request: Request, next: Next) -> Response {
    let [origin, id] = ["origin", "x-request-id"].map(|name| {
        let value = request.headers().get(name).and_then(|v| v.to_str().ok());
        value.unwrap_or("-").to_owned()
    });
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let response = next.run(request).await;
    tracing::info!(%method, path, origin, request_id = id, status = response.status().as_u16());
    response
}

/// The API. One registration per path: each handler with the method it is routed on; the
/// path's `OPTIONS` route (the preflight) comes from them.
pub fn api(state: AppState) -> Router {
    Router::new()
        .route("/api/health", cors_route!(get(health)))
        .route("/api/todos", cors_route!(get(list_todos).post(create_todo)))
        .route(
            "/api/todos/{id}",
            cors_route!(put(update_todo).delete(delete_todo)),
        )
        .route("/api/login", cors_route!(post(login)))
        .route("/api/me", cors_route!(get(me)))
        .route("/api/logout", cors_route!(post(logout)))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// The front end, a second origin. The page calls the API on its own host name at
/// `api_port`, so page and API stay same-site (the session cookie is `SameSite=Lax`).
pub fn page(api_port: u16) -> Router {
    let html = include_str!("realistic/index.html").replace("__API_PORT__", &api_port.to_string());
    Router::new().route("/", get(move || std::future::ready(Html(html.clone()))))
}

/// `http://127.0.0.1:<port>, http://localhost:<port>`: the page's origins.
pub fn default_origins(page_port: u16) -> String {
    format!("http://127.0.0.1:{page_port}, http://localhost:{page_port}")
}

fn addr(var: &str, default: &str) -> Result<SocketAddr, String> {
    let value = std::env::var(var).unwrap_or_else(|_| default.into());
    value
        .parse()
        .map_err(|e| format!("{var}={value:?} is not an address such as {default}: {e}"))
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "axum_strict_cors=debug,realistic=info".into()),
        )
        .init();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let api_addr = addr("API_ADDR", "127.0.0.1:3000")?;
    let page_addr = addr("PAGE_ADDR", "127.0.0.1:3001")?;
    // The default, set before any thread starts (the runtime is built below).
    if std::env::var_os(ORIGINS_VAR).is_none() {
        // SAFETY: no other thread has started yet: the runtime is built below.
        unsafe { std::env::set_var(ORIGINS_VAR, default_origins(page_addr.port())) };
    }
    // A bad TODO_ORIGINS stops the program here, with the reason, not on the first request.
    validate_policies().map_err(|e| {
        format!("{e}\nexample: {ORIGINS_VAR}='http://127.0.0.1:3001, https://app.example.com'")
    })?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(serve(api_addr, page_addr))
}

async fn listen(var: &str, addr: SocketAddr) -> Result<tokio::net::TcpListener, String> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e} (set {var} to another address)"))
}

async fn serve(api_addr: SocketAddr, page_addr: SocketAddr) -> Result<(), String> {
    let api_listener = listen("API_ADDR", api_addr).await?;
    let page_listener = listen("PAGE_ADDR", page_addr).await?;
    let origins = std::env::var(ORIGINS_VAR).unwrap_or_default();
    println!("API  on http://{api_addr} (allowed origins: {origins})");
    println!("page on http://{page_addr}  <- open this one");
    let api = axum::serve(api_listener, api(AppState::seeded()));
    let page = axum::serve(page_listener, page(api_addr.port()));
    tokio::try_join!(api.into_future(), page.into_future()).map_err(|e| e.to_string())?;
    Ok(())
}
