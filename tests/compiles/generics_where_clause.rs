//! A generic handler with a where clause, instantiated for the router's state type with the
//! same turbofish as without `#[cors]`: `greet::<English>`.

use axum::{extract::State, routing::get, Router};
use axum_strict_cors::cors;

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
        .route("/", get(greet::<English>).options(greet::preflight))
        .with_state(English);
}
