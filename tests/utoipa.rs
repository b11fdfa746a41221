//! utoipa 5 and utoipa-axum 0.2 with `#[cors]` handlers: `#[utoipa::path(..)]` above or below
//! `#[cors]`, the OpenAPI document (`#[derive(OpenApi)]` and `OpenApiRouter`), and the way to
//! register a path through `OpenApiRouter` with its CORS: `routes!(..)` with the named policy
//! as a layer of the path's `MethodRouter`, or of the whole router; for handlers with different
//! inline policies on one path, the document of `routes!(..)` with the routes of `cors_route!`.

mod common;

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::routing::put;
use axum::{Json, Router};
use axum_strict_cors::test_util::{fetch, Reason, Request as Fetch};
use axum_strict_cors::{cors, cors_policy, cors_route};
use common::*;
use serde::{Deserialize, Serialize};
use utoipa::openapi::path::Operation;
use utoipa::openapi::{HttpMethod, OpenApi as Document};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example.net";
const REFUSED: header::HeaderName = header::HeaderName::from_static("x-cors-refused");

cors_policy!(pub API: origins = "https://app.example.com", methods = "PUT, DELETE", headers = "content-type");

/// A user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct User {
    id: u64,
    name: String,
}

/// Renames a user.
#[utoipa::path(
    put,
    path = "/users/{id}",
    params(("id" = u64, Path, description = "the user's id")),
    request_body = User,
    responses((status = 200, description = "the renamed user", body = User))
)]
#[cors(policy = API)]
async fn update(Path(id): Path<u64>, Json(user): Json<User>) -> Json<User> {
    Json(User { id, ..user })
}

/// Removes a user.
#[cors(policy = API)]
#[utoipa::path(
    delete,
    path = "/users/{id}",
    params(("id" = u64, Path, description = "the user's id")),
    responses((status = 204, description = "removed"))
)]
async fn remove(Path(id): Path<u64>) -> StatusCode {
    let _ = id;
    StatusCode::NO_CONTENT
}

/// Lists the users: the path has a policy of its own, inline; `#[utoipa::path]` under
/// `cfg_attr`, below `#[cors]`.
mod listing {
    use axum::Json;
    use axum_strict_cors::cors;

    use super::User;

    #[cors(origins = "https://app.example.com")]
    #[cfg_attr(all(), utoipa::path(get, path = "/users", responses((status = 200, body = [User]))))]
    pub async fn list() -> Json<Vec<User>> {
        Json(vec![])
    }
}

#[derive(OpenApi)]
#[openapi(paths(update, remove, listing::list), components(schemas(User)))]
struct ApiDoc;

/// The operation of `method` on `path` in the document, if it is there.
fn operation<'a>(doc: &'a Document, path: &str, method: HttpMethod) -> Option<&'a Operation> {
    let item = doc.paths.paths.get(path)?;
    match method {
        HttpMethod::Get => item.get.as_ref(),
        HttpMethod::Put => item.put.as_ref(),
        HttpMethod::Delete => item.delete.as_ref(),
        _ => None,
    }
}

#[track_caller]
fn assert_documents_update_and_remove(doc: &Document) {
    let put = operation(doc, "/users/{id}", HttpMethod::Put).expect("PUT /users/{id}");
    let delete = operation(doc, "/users/{id}", HttpMethod::Delete).expect("DELETE /users/{id}");
    assert_eq!(put.operation_id.as_deref(), Some("update"));
    assert_eq!(delete.operation_id.as_deref(), Some("remove"));
    assert_eq!(put.summary.as_deref(), Some("Renames a user."));
    assert!(put.request_body.is_some(), "the PUT documents its body");
    assert!(put.responses.responses.contains_key("200"));
    assert!(delete.responses.responses.contains_key("204"));
    let json = doc.to_json().unwrap();
    assert!(json.contains("#/components/schemas/User"), "{json}");
}

/// The per-path way: `routes!(..)` for the document and the handlers, the named policy as a
/// layer of the path's own `MethodRouter`.
fn per_path() -> (Router, Document) {
    let (schemas, paths, method_router) = routes!(update, remove);
    OpenApiRouter::new()
        .routes((schemas, paths, method_router.layer(API)))
        .routes(routes!(listing::list))
        .split_for_parts()
}

/// The whole-app way: the named policy as the last layer of the router.
fn whole_app() -> (Router, Document) {
    OpenApiRouter::new()
        .routes(routes!(update, remove))
        .routes(routes!(listing::list))
        .layer(API)
        .split_for_parts()
}

// ---------------------------------------------------------------------------------------
// the document

#[test]
fn derive_openapi_documents_handlers_with_utoipa_above_and_below_cors() {
    let doc = ApiDoc::openapi();
    assert_documents_update_and_remove(&doc);
    let get = operation(&doc, "/users", HttpMethod::Get).expect("GET /users");
    assert_eq!(get.operation_id.as_deref(), Some("list"));
    assert!(doc.components.unwrap().schemas.contains_key("User"));
}

#[test]
fn openapi_router_documents_handlers_with_utoipa_above_and_below_cors() {
    let (_, doc) = OpenApiRouter::<()>::new()
        .routes(routes!(update, remove))
        .split_for_parts();
    assert_documents_update_and_remove(&doc);
    assert!(doc.components.unwrap().schemas.contains_key("User"));
}

#[test]
fn the_path_layered_with_its_policy_is_documented_without_panicking() {
    let (_, doc) = per_path();
    assert_documents_update_and_remove(&doc);
    assert!(operation(&doc, "/users", HttpMethod::Get).is_some());
}

#[test]
fn the_router_layered_with_its_policy_is_documented_without_panicking() {
    let (_, doc) = whole_app();
    assert_documents_update_and_remove(&doc);
    assert!(operation(&doc, "/users", HttpMethod::Get).is_some());
}

#[test]
#[should_panic(expected = "Overlapping method route")]
fn routes_and_cors_route_of_the_same_path_overlap() {
    // `cors_route!` adds the `OPTIONS` route; `routes!` has routed `PUT` and `DELETE` already.
    let _ = OpenApiRouter::<()>::new()
        .routes(routes!(update, remove))
        .route("/users/{id}", cors_route!(put(update).delete(remove)));
}

// ---------------------------------------------------------------------------------------
// the per-path way: `method_router.layer(API)` inside the tuple of `routes!`

#[tokio::test]
async fn per_path_preflight_is_answered_with_the_grant() {
    let (app, _) = per_path();
    for method in ["PUT", "DELETE"] {
        assert_preflight_granted(&app, "/users/7", APP, method, "PUT, DELETE").await;
    }
}

#[tokio::test]
async fn per_path_actual_request_gets_the_grant() {
    let (app, _) = per_path();
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
}

#[tokio::test]
async fn per_path_405_carries_the_grant() {
    let (app, _) = per_path();
    let r = send(&app, actual("PATCH", "/users/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_acao(APP);
    assert!(r.varies_on("origin"));
}

#[tokio::test]
async fn per_path_refused_origin_gets_no_grant() {
    let (app, _) = per_path();
    let r = send(&app, preflight("/users/7", EVIL, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();

    // A `DELETE` needs a preflight, which the origin could not pass: the handler does not run.
    let r = send(&app, actual("DELETE", "/users/7", Some(EVIL))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    assert_eq!(r.one(&REFUSED).as_deref(), Some("origin not allowed"));
    assert!(r.varies_on("origin"));

    let r = send(&app, actual("PATCH", "/users/7", Some(EVIL))).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_no_grant();
}

#[tokio::test]
async fn per_path_layer_covers_that_path_only() {
    let (app, _) = per_path();
    // `/users` has its own inline policy and no preflight route: no `PUT` is allowed there.
    let r = send(&app, preflight("/users", APP, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_no_grant();
    // Its `GET` is granted by its own policy.
    let r = send(&app, actual("GET", "/users", Some(APP))).await;
    r.assert_acao(APP);
}

#[tokio::test]
async fn per_path_browser_verdicts() {
    let (app, _) = per_path();
    let ada = User {
        id: 0,
        name: "Ada".into(),
    };
    let saved = fetch(app.clone(), APP, Fetch::new("PUT", "/users/7").json(&ada)).await;
    assert!(saved.is_allowed(), "{saved:?}");
    assert_eq!(saved.json::<User>().unwrap().id, 7);

    let removed = fetch(app.clone(), APP, Fetch::new("DELETE", "/users/7")).await;
    assert_eq!(removed.status(), Some(204));

    // No preflight for a `GET`: the page reads the 405.
    let got = fetch(app.clone(), APP, Fetch::new("GET", "/users/7")).await;
    assert_eq!(got.status(), Some(405));

    let patched = fetch(app.clone(), APP, Fetch::new("PATCH", "/users/7")).await;
    assert_eq!(patched.reason(), Some(&Reason::Method("PATCH".into())));
    assert!(!patched.request_was_sent());

    let refused = fetch(app, EVIL, Fetch::new("PUT", "/users/7").json(&ada)).await;
    assert_eq!(refused.reason(), Some(&Reason::Origin));
    assert!(!refused.request_was_sent());
}

// ---------------------------------------------------------------------------------------
// the whole-app way: `.layer(API)` on the `OpenApiRouter`

#[tokio::test]
async fn whole_app_preflight_is_answered_with_the_grant() {
    let (app, _) = whole_app();
    assert_preflight_granted(&app, "/users/7", APP, "DELETE", "PUT, DELETE").await;
}

#[tokio::test]
async fn whole_app_actual_request_and_405_get_the_grant() {
    let (app, _) = whole_app();
    let r = send(&app, actual("DELETE", "/users/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(APP);

    let r = send(&app, actual("PATCH", "/users/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_acao(APP);
}

#[tokio::test]
async fn whole_app_refused_origin_gets_no_grant() {
    let (app, _) = whole_app();
    let r = send(&app, preflight("/users/7", EVIL, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    let r = send(&app, actual("PATCH", "/users/7", Some(EVIL))).await;
    r.assert_no_grant();
}

// ---------------------------------------------------------------------------------------
// different inline policies on one path: the document of `routes!`, the routes of `cors_route!`

/// Renames an item: the app's page may.
#[utoipa::path(put, path = "/items/{id}", params(("id" = u64, Path)), responses((status = 200)))]
#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn rename(Path(id): Path<u64>) -> String {
    format!("item {id} renamed")
}

/// Purges an item: only the admin page may.
#[cors(origins = "https://admin.example.com", methods = "DELETE", credentials)]
#[utoipa::path(delete, path = "/items/{id}", params(("id" = u64, Path)), responses((status = 204)))]
async fn purge(Path(id): Path<u64>) -> StatusCode {
    let _ = id;
    StatusCode::NO_CONTENT
}

fn items() -> (Router, Document) {
    let (schemas, paths, _): UtoipaMethodRouter = routes!(rename, purge);
    OpenApiRouter::new()
        .routes((schemas, paths, cors_route!(put(rename).delete(purge))))
        .split_for_parts()
}

#[test]
fn inline_policies_path_is_documented_without_panicking() {
    let (_, doc) = items();
    let put = operation(&doc, "/items/{id}", HttpMethod::Put).expect("PUT /items/{id}");
    let delete = operation(&doc, "/items/{id}", HttpMethod::Delete).expect("DELETE /items/{id}");
    assert_eq!(put.operation_id.as_deref(), Some("rename"));
    assert_eq!(delete.operation_id.as_deref(), Some("purge"));
}

#[tokio::test]
async fn inline_policies_each_preflight_is_judged_by_its_handler() {
    let (app, _) = items();
    let r = send(&app, preflight("/items/7", APP, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(APP);
    assert_eq!(r.one(&ACAM).as_deref(), Some("PUT"));

    let r = send(&app, preflight("/items/7", ADMIN, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(ADMIN);
    assert_eq!(r.one(&ACAC).as_deref(), Some("true"));

    // The app's page may not purge; the admin page may not rename.
    let r = send(&app, preflight("/items/7", APP, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    let r = send(&app, preflight("/items/7", ADMIN, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
}

#[tokio::test]
async fn inline_policies_actual_request_and_405_get_the_grant() {
    let (app, _) = items();
    let r = send(&app, actual("PUT", "/items/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(APP);
    assert_eq!(r.text(), "item 7 renamed");

    let r = send(&app, actual("PATCH", "/items/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_acao(APP);

    let r = send(&app, actual("PATCH", "/items/7", Some(EVIL))).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_no_grant();
}

// ---------------------------------------------------------------------------------------
// direct calls

#[tokio::test]
async fn direct_calls_run_the_function_with_utoipa_above_and_below() {
    let ada = User {
        id: 0,
        name: "Ada".into(),
    };
    let Json(updated) = update(Path(7), Json(ada)).await;
    assert_eq!(updated.id, 7);
    assert_eq!(remove(Path(7)).await, StatusCode::NO_CONTENT);
    let Json(users) = listing::list().await;
    assert!(users.is_empty());
    assert_eq!(rename(Path(7)).await, "item 7 renamed");
    assert_eq!(purge(Path(7)).await, StatusCode::NO_CONTENT);
}

// ---------------------------------------------------------------------------------------
// the whole-app form: `API.router()` takes the `OpenApiRouter`'s router

#[tokio::test]
async fn the_whole_app_form_takes_the_openapi_routers_router_in_any_order() {
    let (router, doc) = OpenApiRouter::new()
        .routes(routes!(update, remove))
        .routes(routes!(listing::list))
        .split_for_parts();
    assert_documents_update_and_remove(&doc);
    // Auth written after the policy: it still never sees a preflight.
    async fn deny(_: axum::extract::Request, _: axum::middleware::Next) -> StatusCode {
        StatusCode::UNAUTHORIZED
    }
    let app = API
        .router()
        .merge(router)
        .route_layer(axum::middleware::from_fn(deny));
    assert_preflight_granted(&app, "/users/7", APP, "PUT", "PUT, DELETE").await;
    let r = send(&app, actual("DELETE", "/users/7", Some(APP))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    r.assert_acao(APP);
}
