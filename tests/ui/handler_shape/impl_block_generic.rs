//! A generic `impl`, or a generic associated function: axum routes one function, so the
//! handler is written for one type, or as a free function.

use axum_strict_cors::cors;

struct Api<T>(T);

#[cors]
impl<T> Api<T> {
    #[cors(origins = "https://app.example.com")]
    async fn index() -> &'static str {
        "ok"
    }
}

struct Greeter;

#[cors]
impl Greeter {
    #[cors(origins = "https://app.example.com")]
    async fn greet<T: Default + ToString>() -> String {
        T::default().to_string()
    }
}

fn main() {
    let _ = Greeter::greet::<u8>;
}
