//! A generic handler with a where clause, instantiated for the router's state type.
//!
//! The generated handler has one more generic parameter than the user's (the extractor
//! marker), so a turbofish needs a trailing `_`: `greet::<English, _>`.

use axum::{extract::State, routing::get, Router};
use axum_cors::cors;

trait Greeter {
    fn greet(&self) -> String;
}

#[derive(Clone)]
struct English;

impl Greeter for English {
    fn greet(&self) -> String {
        "hello".into()
    }
}

#[cors(origins = "https://app.example.com")]
async fn greet<G>(State(greeter): State<G>) -> String
where
    G: Greeter + Clone + Send + Sync + 'static,
{
    greeter.greet()
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/", get(greet::<English, _>).options(greet::preflight))
        .with_state(English);
}
