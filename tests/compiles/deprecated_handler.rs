//! A `#[deprecated]` handler warns where it is used, never at its own definition (here under
//! `deny(deprecated)`, which turns any such warning into an error).

#[deny(deprecated)]
mod handlers {
    use axum_strict_cors::cors;

    /// Replaced by `items_v2`.
    #[cors(origins = "https://app.example.com", methods = "PUT")]
    #[deprecated(note = "use items_v2")]
    pub async fn items(body: String) -> String {
        body
    }

    #[cors(origins = "https://app.example.com")]
    #[deprecated(note = "use greet_v2")]
    pub async fn greet<T: Send + 'static>() -> &'static str {
        let _ = std::marker::PhantomData::<T>;
        "hi"
    }
}

#[allow(deprecated)]
pub fn app() -> axum::Router {
    use axum::routing::{get, put};
    axum::Router::new()
        .route(
            "/items",
            axum_strict_cors::cors_route!(put(handlers::items)),
        )
        .route("/greet", get(handlers::greet::<u8>))
}

#[test]
fn builds() {
    let _ = app();
}
