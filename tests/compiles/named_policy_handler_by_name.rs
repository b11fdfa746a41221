//! A named-policy handler is reached by name as any handler is: imported, re-exported, through
//! a glob (`use super::*` in a test module), defined in a function body, and called directly.
//! Beside each stands the stand-in for a misspelt policy name, which the handler shadows.

use axum::routing::put;
use axum::Router;
use axum_strict_cors::{cors_policy, cors_route};

cors_policy!(pub(crate) EDIT: origins = "https://app.example.com", methods = "PUT");

pub mod handlers {
    use axum::extract::Path;
    use axum_strict_cors::cors;

    #[cors(policy = super::EDIT)]
    pub async fn rename(Path(id): Path<u64>, name: String) -> String {
        format!("{id}: {name}")
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[tokio::test]
        async fn called_through_a_glob_import() {
            assert_eq!(rename(Path(7), "seven".into()).await, "7: seven");
        }
    }
}

pub use handlers::rename as rename_item;

mod all {
    pub use super::handlers::*;
}

#[tokio::test]
async fn builds() {
    use axum::extract::Path;
    use axum_strict_cors::cors;

    #[cors(policy = EDIT)]
    async fn local(Path(id): Path<u64>) -> String {
        id.to_string()
    }

    let _app: Router = Router::new()
        .route("/a/{id}", cors_route!(put(handlers::rename)))
        .route("/b/{id}", put(rename_item).options(rename_item::preflight))
        .route("/c/{id}", cors_route!(put(all::rename)))
        .route("/d/{id}", cors_route!(put(local)));
    assert_eq!(rename_item(Path(1), "one".into()).await, "1: one");
    assert_eq!(all::rename(Path(2), "two".into()).await, "2: two");
    assert_eq!(local(Path(3)).await, "3");
    // The handler's own policy, not the stand-in's, which allows nothing.
    let origin = axum::http::HeaderValue::from_static("https://app.example.com");
    assert!(handlers::rename::POLICY.allowed_origin(&origin).is_some());
    assert!(local::POLICY.allowed_origin(&origin).is_some());
}
