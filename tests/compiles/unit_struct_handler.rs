//! A handler without generic parameters is a zero-sized value of its own type, routed as
//! before; its companions are associated items of the same paths. A generic one stays a
//! function, its companions in a module: `POLICY` is a `&'static Policy` in both.

use axum::extract::Path;
use axum::routing::put;
use axum::Router;
use axum_strict_cors::{cors, cors_route, Policy};

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn update(Path(id): Path<u64>, body: String) -> String {
    format!("{id}: {body}")
}

#[cors(origins = "https://app.example.com")]
async fn echo<const N: usize>(body: String) -> String {
    body.chars().take(N).collect()
}

#[test]
fn builds() {
    let generic: &'static Policy = echo::POLICY;
    assert!(echo::validate().is_ok());
    let _generic_app: Router =
        Router::new().route("/echo", put(echo::<3>).options(echo::preflight));
    assert!(std::ptr::eq(generic, echo::POLICY));
    assert_eq!(std::mem::size_of::<update>(), 0);
    let handler: update = update;
    let policy: &'static Policy = update::POLICY;
    assert!(update::validate().is_ok());
    let _app: Router = Router::new()
        .route("/items/{id}", put(handler).options(update::preflight))
        .route("/other/{id}", cors_route!(put(update)));
    assert!(policy
        .allowed_origin(&"https://app.example.com".parse().unwrap())
        .is_some());
}
