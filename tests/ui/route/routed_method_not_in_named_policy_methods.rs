//! A handler using a named policy, routed on a method the policy does not list: the error
//! names the handler and says to change the named policy (a handler may not add `methods`).

use axum::{routing::delete, Router};
use axum_strict_cors::{cors, cors_policy, cors_route};

cors_policy!(API: origins = "https://app.example.com", methods = "PUT");

#[cors(policy = API)]
async fn remove() {}

fn main() {
    let _app: Router = Router::new().route("/items/{id}", cors_route!(delete(remove)));
}
