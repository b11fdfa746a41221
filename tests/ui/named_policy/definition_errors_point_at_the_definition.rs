//! A named policy is checked where it is written, by the same rules and with the same
//! messages as `#[cors(...)]`; a handler using it adds no second report.

use axum_strict_cors::{cors, cors_policy};

cors_policy!(pub API: origins = "htps://app.example.com/", methods = ["PUT", "DELTE"], credentials, headers = "*");

#[cors(policy = API)]
async fn update() {}

fn main() {
    let _ = update;
}
