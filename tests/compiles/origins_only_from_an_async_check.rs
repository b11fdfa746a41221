//! A named policy whose origins only an async check allows (`origins = []`), applied as
//! `TENANTS.origins_async(check)`, in the whole-app form and as a plain layer.

use axum::routing::get;
use axum::Router;
use axum_strict_cors::cors_policy;

cors_policy!(pub TENANTS: origins = [], methods = "GET, PUT", headers = "content-type");

async fn items() -> &'static str {
    "[]"
}

async fn is_tenant(origin: String) -> bool {
    origin.ends_with(".tenant.example")
}

#[test]
fn builds() {
    let _app = TENANTS
        .origins_async(is_tenant)
        .router::<()>()
        .route("/items", get(items));
    let _plain: Router = Router::new()
        .route("/items", get(items))
        .layer(TENANTS.origins_async(is_tenant));
}
