//! Named policies through a real `Router`: handlers in several modules share one policy
//! defined once, answer preflights alike on a shared path, and keep their own additions.

mod common;

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use axum_strict_cors::preflight;
use common::*;

const APP: &str = "https://app.example.com";
const OTHER: &str = "https://evil.example.net";

mod cors {
    axum_strict_cors::cors_policy!(
        /// The front end's API: every handler of the service uses it.
        pub API: origins = "https://app.example.com",
        methods = "PUT, DELETE",
        headers = "content-type",
        max_age = 600
    );
}

mod todos {
    use axum_strict_cors::cors;

    #[cors(policy = crate::cors::API)]
    pub async fn list() -> &'static str {
        "[]"
    }

    #[cors(policy = crate::cors::API, expose_headers = "x-total-count")]
    pub async fn update() -> ([(&'static str, &'static str); 1], &'static str) {
        ([("x-total-count", "1")], "updated")
    }

    #[cors(policy = crate::cors::API, reject_disallowed)]
    pub async fn remove() -> &'static str {
        "removed"
    }
}

mod users {
    use axum_strict_cors::cors;

    #[cors(policy = crate::cors::API)]
    pub async fn show() -> &'static str {
        "ada"
    }
}

fn app() -> Router {
    Router::new()
        .route(
            "/todos/{id}",
            get(todos::list)
                .put(todos::update)
                .delete(todos::remove)
                // Three handlers, one policy, two different additions: no conflict.
                .options(preflight!(todos::list, todos::update, todos::remove)),
        )
        .route(
            "/users/{id}",
            get(users::show).options(users::show::preflight),
        )
}

#[tokio::test]
async fn handlers_sharing_a_policy_answer_preflights_with_it_on_a_shared_path() {
    for method in ["PUT", "DELETE"] {
        let r = send(
            &app(),
            preflight("/todos/1", APP, method, Some("content-type")),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{method}");
        r.assert_acao(APP);
        assert_eq!(r.list(&ACAM), ["PUT", "DELETE"]);
        assert_eq!(r.list(&ACAH), ["content-type"]);
        assert_eq!(r.one(&MAX_AGE).as_deref(), Some("600"));
    }
    let r = send(&app(), preflight("/todos/1", APP, "PATCH", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    let r = send(&app(), preflight("/todos/1", OTHER, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
}

#[tokio::test]
async fn the_policy_applies_in_every_module_that_uses_it() {
    let r = send(&app(), actual("GET", "/users/1", Some(APP))).await;
    assert_eq!(r.text(), "ada");
    r.assert_acao(APP);
    let r = send(&app(), preflight("/users/1", APP, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = send(&app(), actual("GET", "/users/1", Some(OTHER))).await;
    r.assert_no_grant();
}

#[tokio::test]
async fn additions_apply_to_the_handler_that_makes_them_only() {
    let r = send(&app(), actual("PUT", "/todos/1", Some(APP))).await;
    r.assert_acao(APP);
    assert_eq!(r.list(&ACEH), ["x-total-count"]);
    let r = send(&app(), actual("GET", "/todos/1", Some(APP))).await;
    r.assert_acao(APP);
    assert!(r.one(&ACEH).is_none(), "list adds nothing");

    // `reject_disallowed` on `remove` only: a refused origin gets 403 there, and the handler
    // runs elsewhere.
    let r = send(&app(), actual("DELETE", "/todos/1", Some(OTHER))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(&app(), actual("GET", "/todos/1", Some(OTHER))).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_no_grant();
}

axum_strict_cors::cors_policy!(FROM_ENV: origins_env = "NAMED_POLICY_TEST_ORIGINS");

#[axum_strict_cors::cors(policy = FROM_ENV)]
async fn env_user() -> &'static str {
    "env"
}

/// A bad environment value of a named policy is reported as the policy's, where it is fixed,
/// with the handler that uses it.
#[test]
fn environment_error_names_the_policy_it_belongs_to() {
    // SAFETY: this test binary reads the environment only through `std::env`, which takes the
    // same lock as `set_var`; nothing in it reads it through libc (no name is resolved, no
    // local time is asked for).
    unsafe { std::env::set_var("NAMED_POLICY_TEST_ORIGINS", "https://app.example.com/") };
    let error = env_user::validate().unwrap_err();
    assert_eq!(error.policy, Some("FROM_ENV"));
    let text = error.to_string();
    assert!(
        text.starts_with("CORS policy `FROM_ENV` (used by `env_user`): environment variable NAMED_POLICY_TEST_ORIGINS:"),
        "{text}"
    );
    let error = FROM_ENV.policy().validate().unwrap_err();
    assert!(text.contains("trailing slash"), "{text}");
    assert!(
        error
            .to_string()
            .starts_with("CORS policy `FROM_ENV`: environment variable"),
        "{error}"
    );
}
