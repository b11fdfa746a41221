//! aide 0.15 with `#[cors]` handlers (feature `aide`): `api_route` accepts them, unit-struct
//! and generic handlers alike, the OpenAPI document describes them from the user's own
//! signatures, and the router aide finishes gives the CORS grant. `api_route` registers no
//! `OPTIONS`: the named policy as the router's last layer (or as a layer of the path's
//! `ApiMethodRouter`) answers the preflights and grants axum's 405 too; `preflight!` routed
//! beside `api_route` answers them by the handlers' own policies.

mod common;

use aide::axum::routing::{get, put};
use aide::axum::{ApiRouter, IntoApiResponse};
use aide::openapi::OpenApi;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::{Json, Router};
use axum_strict_cors::test_util::{fetch, Reason, Request as Fetch};
use axum_strict_cors::{cors, cors_policy, preflight};
use common::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";

cors_policy!(pub API: origins = "https://app.example.com", methods = "PUT, DELETE", headers = "content-type");

/// A user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct User {
    id: u64,
    name: String,
}

/// The path of a user: aide names path parameters after a struct's fields.
#[derive(Deserialize, JsonSchema)]
pub struct UserPath {
    /// The user's id.
    id: u64,
}

/// Renames a user.
#[cors(policy = API)]
async fn update(Path(UserPath { id }): Path<UserPath>, Json(user): Json<User>) -> Json<User> {
    Json(User { id, ..user })
}

/// Removes a user: a return type no one can name.
#[cors(policy = API)]
async fn remove(Path(UserPath { id }): Path<UserPath>) -> impl IntoResponse {
    let _ = id;
    StatusCode::NO_CONTENT
}

/// Reads a user: aide's own `impl IntoApiResponse`.
#[cors(origins = "https://app.example.com")]
async fn show(Path(UserPath { id }): Path<UserPath>) -> impl IntoApiResponse {
    Json(User {
        id,
        name: "Ada".into(),
    })
}

trait Lang: Send + Sync + 'static {
    const HELLO: &'static str;
}

struct En;

impl Lang for En {
    const HELLO: &'static str = "hello";
}

/// The path of a greeting.
#[derive(Deserialize, JsonSchema)]
pub struct GreetPath {
    name: String,
}

/// A generic handler: its wrapper `async fn` is what aide documents.
#[cors(origins = "https://app.example.com")]
async fn greet<L: Lang>(Path(GreetPath { name }): Path<GreetPath>) -> String {
    format!("{} {name}", L::HELLO)
}

/// An extractor aide knows nothing of (no `OperationInput`).
struct ApiKey;

impl<S: Send + Sync> FromRequestParts<S> for ApiKey {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, StatusCode> {
        match parts.headers.contains_key("x-api-key") {
            true => Ok(ApiKey),
            false => Err(StatusCode::UNAUTHORIZED),
        }
    }
}

/// Not documentable by aide, and routed by axum's own `route`: the feature must not reject it.
#[cors(origins = "https://app.example.com")]
async fn secret(_: ApiKey) -> &'static str {
    "secret"
}

fn api() -> ApiRouter {
    ApiRouter::new()
        .api_route("/users/{id}", put(update).delete(remove).get(show))
        .api_route("/greet/{name}", get(greet::<En>))
        .route("/secret", axum::routing::get(secret))
}

/// The router aide finishes, with only the handlers' own CORS, and its document.
fn finished() -> (Router, Value) {
    let mut doc = OpenApi::default();
    let app = api().finish_api(&mut doc);
    (app, serde_json::to_value(&doc).unwrap())
}

/// The router with the named policy as its last layer: the preflights and axum's 405 are
/// answered by it.
fn whole_app() -> (Router, Value) {
    let mut doc = OpenApi::default();
    let app = api().layer(API).finish_api(&mut doc);
    (app, serde_json::to_value(&doc).unwrap())
}

/// The per-path way: the named policy as a layer of the path's own `ApiMethodRouter`.
fn per_path() -> Router {
    ApiRouter::new()
        .api_route("/users/{id}", put(update).delete(remove).layer(API))
        .finish_api(&mut OpenApi::default())
}

/// The handlers' own preflight, routed beside `api_route` on the same path.
fn with_preflight_route() -> Router {
    ApiRouter::new()
        .api_route("/users/{id}", put(update).delete(remove))
        .route(
            "/users/{id}",
            axum::routing::options(preflight!(update, remove)),
        )
        .finish_api(&mut OpenApi::default())
}

/// The path parameters of an operation, by name.
fn path_parameters(operation: &Value) -> Vec<&str> {
    let parameters = operation["parameters"].as_array().expect("parameters");
    parameters
        .iter()
        .filter(|p| p["in"] == "path")
        .map(|p| p["name"].as_str().unwrap())
        .collect()
}

#[track_caller]
fn assert_documents_the_users_path(doc: &Value) {
    let path = &doc["paths"]["/users/{id}"];
    let put = &path["put"];
    assert!(put.is_object(), "PUT /users/{{id}} in {doc:#}");
    assert_eq!(path_parameters(put), ["id"]);
    let id = &put["parameters"][0];
    assert_eq!(id["required"], true);
    assert_eq!(id["description"], "The user's id.");
    assert_eq!(id["schema"]["type"], "integer", "{id:#}");
    assert_eq!(
        put["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/User",
        "{put:#}"
    );
    assert_eq!(put["requestBody"]["required"], true);
    assert_eq!(
        put["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/User",
        "{put:#}"
    );
    let user = &doc["components"]["schemas"]["User"];
    assert_eq!(user["properties"]["id"]["type"], "integer", "{user:#}");
    assert_eq!(user["properties"]["name"]["type"], "string", "{user:#}");

    // `impl IntoResponse`: documented as an axum `Response`, from its arguments only.
    let delete = &path["delete"];
    assert!(delete.is_object(), "DELETE /users/{{id}} in {doc:#}");
    assert_eq!(path_parameters(delete), ["id"]);
    assert!(delete.get("requestBody").is_none(), "{delete:#}");

    let get = &path["get"];
    assert!(get.is_object(), "GET /users/{{id}} in {doc:#}");
    assert_eq!(path_parameters(get), ["id"]);
}

// ---------------------------------------------------------------------------------------
// the document

#[test]
fn api_route_documents_unit_handlers_from_their_arguments_and_return_type() {
    let (_, doc) = finished();
    assert_documents_the_users_path(&doc);
}

#[test]
fn api_route_documents_a_generic_handler_through_its_wrapper() {
    let (_, doc) = finished();
    let get = &doc["paths"]["/greet/{name}"]["get"];
    assert!(get.is_object(), "GET /greet/{{name}} in {doc:#}");
    assert_eq!(path_parameters(get), ["name"]);
    let name = get["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "name")
        .unwrap();
    assert_eq!(name["schema"]["type"], "string", "{name:#}");
    assert_eq!(name["required"], true);
}

#[test]
fn routes_added_with_axum_route_stay_out_of_the_document() {
    let (_, doc) = finished();
    assert!(doc["paths"].get("/secret").is_none(), "{doc:#}");
    let mut paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    paths.sort();
    assert_eq!(paths, ["/greet/{name}", "/users/{id}"]);
}

#[test]
fn the_router_layered_with_its_policy_is_documented_the_same() {
    let (_, layered) = whole_app();
    assert_documents_the_users_path(&layered);
    let (_, plain) = finished();
    assert_eq!(layered, plain);
}

// ---------------------------------------------------------------------------------------
// the handlers' own CORS, through the router aide finishes

#[tokio::test]
async fn allowed_origin_gets_the_grant_through_the_finished_router() {
    let (app, _) = finished();
    let put = request("PUT", "/users/7", Some(APP))
        .header(header::CONTENT_TYPE, "application/json")
        .body(r#"{"id":0,"name":"Ada"}"#.into())
        .unwrap();
    let r = send(&app, put).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(APP);
    assert!(r.varies_on("origin"));
    assert_eq!(r.text(), r#"{"id":7,"name":"Ada"}"#);

    let r = send(&app, actual("DELETE", "/users/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(APP);

    let r = send(&app, actual("GET", "/users/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(APP);
    assert_eq!(r.text(), r#"{"id":7,"name":"Ada"}"#);
}

#[tokio::test]
async fn refused_origin_gets_no_grant_through_the_finished_router() {
    let (app, _) = finished();
    let put = request("PUT", "/users/7", Some(EVIL))
        .header(header::CONTENT_TYPE, "application/json")
        .body(r#"{"id":0,"name":"Ada"}"#.into())
        .unwrap();
    let r = send(&app, put).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_no_grant();
    assert!(r.varies_on("origin"));
}

#[tokio::test]
async fn extractor_rejection_carries_the_grant_through_the_finished_router() {
    let (app, _) = finished();
    let put = request("PUT", "/users/7", Some(APP))
        .header(header::CONTENT_TYPE, "application/json")
        .body("{".into())
        .unwrap();
    let r = send(&app, put).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_acao(APP);
}

#[tokio::test]
async fn generic_handler_gets_the_grant_through_the_finished_router() {
    let (app, _) = finished();
    let r = send(&app, actual("GET", "/greet/Ada", Some(APP))).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(APP);
    assert_eq!(r.text(), "hello Ada");

    let r = send(&app, actual("GET", "/greet/Ada", Some(EVIL))).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_no_grant();
}

#[tokio::test]
async fn handler_with_an_extractor_aide_cannot_document_still_routes_with_axum() {
    let (app, _) = finished();
    let r = send(
        &app,
        request("GET", "/secret", Some(APP))
            .header("x-api-key", "k")
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(APP);
    // Its rejection is granted too.
    let r = send(&app, actual("GET", "/secret", Some(APP))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    r.assert_acao(APP);
}

#[tokio::test]
async fn without_a_preflight_route_the_browser_never_sends_the_put() {
    // `api_route` registers no `OPTIONS`: a preflight needs the router-wide policy below.
    let (app, _) = finished();
    let saved = fetch(app, APP, Fetch::new("PUT", "/users/7").json(&user())).await;
    assert!(!saved.is_allowed());
    assert!(!saved.request_was_sent());
}

// ---------------------------------------------------------------------------------------
// the named policy as the router's last layer: preflights and 405s

#[tokio::test]
async fn router_policy_answers_the_preflight_with_the_grant() {
    let (app, _) = whole_app();
    for method in ["PUT", "DELETE"] {
        assert_preflight_granted(&app, "/users/7", APP, method, "PUT, DELETE").await;
    }
}

#[tokio::test]
async fn router_policy_refuses_the_preflight_of_a_refused_origin() {
    let (app, _) = whole_app();
    let r = send(&app, preflight("/users/7", EVIL, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
}

#[tokio::test]
async fn router_policy_grants_the_405_of_a_method_no_handler_takes() {
    let (app, _) = whole_app();
    let r = send(&app, actual("PATCH", "/users/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_acao(APP);
    assert!(r.varies_on("origin"));

    let r = send(&app, actual("PATCH", "/users/7", Some(EVIL))).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_no_grant();
}

#[tokio::test]
async fn router_policy_keeps_the_handlers_grant_on_their_answers() {
    let (app, _) = whole_app();
    let r = send(&app, actual("DELETE", "/users/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(APP);

    // Under a router-wide policy, a handler without a preflight route of its own never runs
    // for a request its policy's preflight would have refused.
    let r = send(&app, actual("DELETE", "/users/7", Some(EVIL))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
}

#[tokio::test]
async fn browser_verdicts_through_the_router_policy() {
    let (app, _) = whole_app();
    let saved = fetch(
        app.clone(),
        APP,
        Fetch::new("PUT", "/users/7").json(&user()),
    )
    .await;
    assert!(saved.is_allowed(), "{saved:?}");
    assert_eq!(saved.json::<User>().unwrap().id, 7);

    let removed = fetch(app.clone(), APP, Fetch::new("DELETE", "/users/7")).await;
    assert_eq!(removed.status(), Some(204));

    let patched = fetch(app.clone(), APP, Fetch::new("PATCH", "/users/7")).await;
    assert_eq!(patched.reason(), Some(&Reason::Method("PATCH".into())));
    assert!(!patched.request_was_sent());

    let refused = fetch(app, EVIL, Fetch::new("PUT", "/users/7").json(&user())).await;
    assert_eq!(refused.reason(), Some(&Reason::Origin));
    assert!(!refused.request_was_sent());
}

#[tokio::test]
async fn path_policy_layer_answers_the_preflight_and_grants_the_405() {
    let app = per_path();
    assert_preflight_granted(&app, "/users/7", APP, "PUT", "PUT, DELETE").await;

    let r = send(&app, actual("PATCH", "/users/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_acao(APP);

    let r = send(&app, preflight("/users/7", EVIL, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
}

#[tokio::test]
async fn preflight_route_beside_api_route_answers_by_the_handlers_policies() {
    let app = with_preflight_route();
    assert_preflight_granted(&app, "/users/7", APP, "DELETE", "PUT, DELETE").await;

    let r = send(&app, preflight("/users/7", EVIL, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();

    // No policy covers axum's 405 there: the page cannot read it.
    let r = send(&app, actual("PATCH", "/users/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_no_grant();
}

// ---------------------------------------------------------------------------------------
// direct calls

fn user() -> User {
    User {
        id: 0,
        name: "Ada".into(),
    }
}

#[tokio::test]
async fn direct_calls_still_run_the_function() {
    let Json(updated) = update(Path(UserPath { id: 7 }), Json(user())).await;
    assert_eq!(updated, User { id: 7, ..user() });
    let removed = remove(Path(UserPath { id: 7 })).await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
}
