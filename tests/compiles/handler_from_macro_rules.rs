//! `#[cors]` written by a `macro_rules!` on a function its caller supplies: the generated
//! identifiers resolve whatever mix of spans (the macro's, the caller's) the input has.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

macro_rules! public_handler {
    ($(#[$meta:meta])* $vis:vis async fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block) => {
        #[cors(origins = "*")]
        $(#[$meta])*
        $vis async fn $name($($arg: $ty),*) -> $ret $body
    };
}

public_handler! {
    async fn hello() -> &'static str { "hello" }
}

public_handler! {
    /// With arguments, whose types and patterns come from the caller.
    async fn echo(body: String) -> String { body }
}

macro_rules! public_item {
    ($item:item) => {
        #[cors(origins = "*")]
        $item
    };
}

public_item! {
    async fn whole(body: String) -> String { body }
}

macro_rules! with_origins_fn {
    ($check:path, $name:ident) => {
        #[cors(origins_fn = $check)]
        async fn $name() -> &'static str {
            "checked"
        }
    };
}

fn trusted(origin: &str) -> bool {
    origin == "https://app.example.com"
}

with_origins_fn!(trusted, checked);

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/hello", get(hello).options(hello::preflight))
        .route("/echo", get(echo).post(echo))
        .route("/checked", get(checked))
        .route("/whole", get(whole));
}
