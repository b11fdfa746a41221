//! CORS for axum as a compile-time matter.
//!
//! Put `#[cors(...)]` on a handler; register each path with [`cors_route!`], which builds the
//! path's preflight (`OPTIONS`) route from the handlers it names:
//!
//! ```
//! use axum::{extract::Path, routing::put, Json, Router};
//! use axum_strict_cors::{cors, cors_route};
//!
//! #[cors(origins = "http://www.example.com")]
//! async fn update(Path(id): Path<u64>, Json(body): Json<String>) -> String {
//!     format!("{id}: {body}")
//! }
//!
//! #[cors(origins = "http://www.example.com")]
//! async fn remove(Path(id): Path<u64>) -> String {
//!     format!("removed {id}")
//! }
//!
//! let app: Router = Router::new().route("/items/{id}", cors_route!(put(update).delete(remove)));
//! ```
//!
//! Each handler's compiled policy is a static, `handler::POLICY`, which can be asked
//! directly (this is the check every request goes through):
//!
//! ```
//! use axum::http::HeaderValue;
//! use axum_strict_cors::cors;
//!
//! #[cors(origins = "https://*.example.com")]
//! async fn handler() {}
//!
//! let sub = HeaderValue::from_static("https://a.example.com");
//! assert_eq!(handler::POLICY.allowed_origin(&sub).unwrap(), "https://a.example.com");
//! let apex = HeaderValue::from_static("https://example.com");
//! assert!(handler::POLICY.allowed_origin(&apex).is_none());
//! ```
//!
//! Every value of the policy is checked when the crate compiles: a typo such as
//! `methods = "PUT, DELTE"` is a compile error that names `DELTE` and suggests `DELETE`.
//! See the README for the policy keys and the rules.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// Gives an axum handler a CORS policy, checked at compile time.
///
/// The keys and what each does are in the README's
/// [policy table](https://github.com/axum-strict-cors/axum-strict-cors#the-policy) (a misspelt key's compile
/// error lists them too). Every list key takes `"a, b"` or `["a", "b"]` (the array form lets a
/// compile error underline the exact item).
///
/// `policy = NAME` uses a policy defined once with [`cors_policy!`]; beside it only
/// `expose_headers`, `reject_disallowed` and `crate` may be given.
///
/// `origins_fn = f` names a `fn(&str) -> bool`, asked about a well-formed origin the list did
/// not grant, at most once per request. It is synchronous and called on the request path, so it
/// must not block (no database or network call): keep the allowed origins in memory (a
/// `std::sync::RwLock<HashSet<String>>`, or an `ArcSwap` refreshed by a background task) and
/// answer from there.
///
/// The handler `name` becomes a unit struct implementing axum's `Handler`, with `name::POLICY`,
/// `name::preflight` (an `OPTIONS` handler) and `name::validate()` as its associated items (for
/// a generic function: a wrapping function, and a module `name` holding them).
///
/// Register the handler's path with [`cors_route!`], which adds the path's preflight
/// (`OPTIONS`) route built from the handlers it names:
///
/// ```
/// use axum::{routing::get, Router};
/// use axum_strict_cors::{cors, cors_route};
///
/// #[cors(origins = "https://app.example.com", headers = "content-type", max_age = 600)]
/// async fn list() -> &'static str {
///     "[]"
/// }
///
/// let app: Router = Router::new().route("/items", cors_route!(get(list)));
/// ```
pub use axum_strict_cors_macros::cors;

/// Defines a named CORS policy, checked where it is written, for `#[cors(policy = NAME)]`.
///
/// `cors_policy!(pub API: <keys>)` takes the keys of `#[cors(...)]` (every key but `crate`) and
/// applies the same rules, with the same messages pointing into the definition. Handlers in any
/// module use it by path (`policy = crate::cors::API`; another crate's `pub` policy as
/// `other_crate::cors::API`) and may add `expose_headers` and `reject_disallowed`, which never
/// change how a preflight is answered; any other key is a compile error on the handler.
/// Handlers sharing a policy never conflict on a path (`preflight!(a, b)`).
///
/// ```
/// use axum::{routing::put, Router};
/// use axum_strict_cors::{cors, cors_policy, preflight};
///
/// cors_policy!(pub API: origins = "https://app.example.com", methods = "PUT, DELETE");
///
/// #[cors(policy = API, expose_headers = "x-version")]
/// async fn update() {}
///
/// #[cors(policy = API)]
/// async fn remove() {}
///
/// let app: Router = Router::new().route(
///     "/items/{id}",
///     put(update).delete(remove).options(preflight!(update, remove)),
/// );
/// ```
///
/// It defines a macro `API` (a policy lives in the macro namespace, beside any const or
/// function of the same name); `#[cors(policy = API)]` calls it, and it writes the policy's
/// keys back into `#[cors(...)]`. An `origins_fn` in a policy is a path from the crate root
/// (`crate::auth::is_trusted`), so that it resolves wherever the policy is used.
pub use axum_strict_cors_macros::cors_policy;

/// One registration per path: `cors_route!(get(list).post(create).route_layer(auth))` is the
/// chain you would give axum's `.route(path, ...)`, and builds the same `MethodRouter` plus the
/// path's `OPTIONS` route, built from the handlers it names.
///
/// ```
/// use axum::{extract::Path, routing::{get, put}, Router};
/// use axum_strict_cors::{cors, cors_route};
///
/// #[cors(origins = "https://app.example.com")]
/// async fn list() -> &'static str { "[]" }
///
/// #[cors(origins = "https://app.example.com", headers = "content-type")]
/// async fn create(body: String) -> String { body }
///
/// #[cors(origins = "https://app.example.com")]
/// async fn update(Path(id): Path<u64>, body: String) -> String { format!("{id}: {body}") }
///
/// let app: Router = Router::new()
///     .route("/items", cors_route!(get(list).post(create)))
///     .route("/items/{id}", cors_route!(put(update)));
/// ```
///
/// - Each preflight is judged by the policy of the handler routed for the requested method; a
///   method not routed here is refused (403, logged with the methods the path serves; the
///   `x-cors-refused` header and the body list the routed methods to an origin the path
///   allows, and say only `origin not allowed` to any other).
/// - A handler routed on a method that needs a preflight (PUT, DELETE, PATCH) must allow it:
///   its `methods` must list it, or it lists no `methods` (then the method it is routed on is
///   what it allows). Otherwise the route does not compile, and neither does a handler without
///   `#[cors]`.
/// - Calls other than `get`, `head`, `post`, `put`, `delete`, `patch` (`route_layer`, `layer`,
///   `with_state`, ...) apply as written, in their place; the `OPTIONS` route is added after
///   them, so no route layer guards the preflight.
/// - Answers made on the route outside the handler (axum's 405, a route layer's 401, a
///   timeout's 408) carry the grant of the handler routed for the method, so the page can read
///   them. A plain `OPTIONS` (not a preflight) gets `204` and `Allow`.
/// - Where `axum-strict-cors` is found as for `#[cors]`; when the macro cannot tell (a re-export
///   through another crate), say so first: `cors_route!(crate = my_facade::cors; get(list))`.
pub use axum_strict_cors_macros::cors_route;

/// The compiled CORS policy of a `#[cors]` handler, `handler::POLICY`, which you can question.
///
/// ```
/// use axum::http::HeaderValue;
/// use axum_strict_cors::cors;
///
/// #[cors(origins = "https://app.example.com, https://*.preview.example.com", credentials)]
/// async fn profile() {}
///
/// let granted = |origin: &'static str| {
///     profile::POLICY.allowed_origin(&HeaderValue::from_static(origin))
/// };
/// assert_eq!(granted("https://app.example.com").unwrap(), "https://app.example.com");
/// assert_eq!(granted("https://pr-7.preview.example.com").unwrap(), "https://pr-7.preview.example.com");
/// assert!(granted("https://evil.example.com").is_none());
/// assert!(profile::POLICY.validate().is_ok()); // nothing read from the environment
/// ```
#[doc(inline)]
pub use axum_strict_cors_runtime::Policy;

/// Why a policy read at start-up (`origins_env`) is invalid: returned by `validate!`,
/// `handler::validate()` and [`Policy::validate`].
///
/// ```standalone_crate
/// use axum_strict_cors::cors;
///
/// #[cors(origins_env = "POLICY_ERROR_DOC_ORIGINS", credentials)]
/// async fn account() {}
///
/// // SAFETY: no other thread is running yet (a program sets its environment first thing).
/// unsafe { std::env::set_var("POLICY_ERROR_DOC_ORIGINS", "http://app.example.com") };
/// let error = account::validate().unwrap_err();
/// assert_eq!(error.var, "POLICY_ERROR_DOC_ORIGINS");
/// assert!(error.message.contains("write `https://app.example.com`"));
/// assert!(error.to_string().starts_with("CORS policy of `account`"));
/// ```
#[doc(inline)]
pub use axum_strict_cors_runtime::PolicyError;

/// A named policy over a whole router: what `cors_policy!(pub SPA: ..)` defines as `SPA`.
///
/// Write the whole app on it, `SPA.router()` (a [`CorsRouter`]), and everything in the app is
/// inside it, in any order. As a plain tower layer, `.layer(SPA)`, added after the routes,
/// route layers and layers it must cover, covers every route of the router (plain `get(h)`
/// routes and nested ones included) and its fallback:
///
/// - it answers every CORS preflight itself, before anything it wraps runs, so an auth
///   `route_layer` never sees one; a path with its own policies (`cors_route!`,
///   `preflight!`, a router nested with `.layer(OTHER)`) is judged by them;
/// - every answer to an allowed origin carries the grant and `Vary: Origin`: the handler's,
///   an extractor's rejection, the fallback's 404, axum's 405, a route layer's 401, a
///   timeout's 408, a body limit's 413; an answer a `#[cors]` handler made keeps its own;
/// - a policy read from the environment (`origins_env`) is validated when the layer is
///   applied: a bad value panics there with the message, at start-up.
///
/// ```
/// use axum::{routing::get, Router};
/// use axum_strict_cors::cors_policy;
///
/// cors_policy!(pub SPA: origins = "https://app.example.com", methods = "GET, POST, PUT, DELETE");
///
/// async fn list() -> &'static str { "[]" }
/// async fn not_found() -> (axum::http::StatusCode, &'static str) {
///     (axum::http::StatusCode::NOT_FOUND, "no such page")
/// }
///
/// let api: Router = Router::new().route("/users", get(list));
/// let app: Router = Router::new().nest("/api/v1", api).fallback(not_found).layer(SPA);
/// ```
///
/// Anything added after `.layer(SPA)` is outside it, as with any tower layer:
/// `test_util::fetch` (feature `test-util`) reports an answer no policy handled (a
/// `route_layer(auth)` added later answering a preflight `401`) with its status.
#[doc(inline)]
pub use axum_strict_cors_runtime::PolicyLayer;

/// The whole app under one policy, in any order: what `SPA.router()` makes.
///
/// It has the builder methods of axum's `Router` (`route`, `nest`, `merge`, `layer`,
/// `route_layer`, `fallback`, `with_state`, ...), and everything written on it, before or after
/// any other call, is inside the policy: an auth `route_layer` never sees a preflight and its
/// `401` carries the grant; a timeout's `408`, a body limit's `413`, the fallback's `404` do
/// too. It goes to `axum::serve` as it is, and to `tower::ServiceExt::oneshot` and
/// `test_util::fetch`.
///
/// ```
/// use axum::{middleware, routing::{get, put}, Router};
/// use axum_strict_cors::cors_policy;
///
/// cors_policy!(pub SPA: origins = "https://app.example.com", methods = "GET, PUT");
///
/// async fn list() -> &'static str { "[]" }
/// async fn update() -> &'static str { "saved" }
/// async fn auth(request: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
///     next.run(request).await
/// }
///
/// let api: Router = Router::new().route("/users", get(list)).route("/users/{id}", put(update));
/// let app = SPA
///     .router()
///     .nest("/api/v1", api)
///     .route_layer(middleware::from_fn(auth)); // still inside SPA: auth never sees a preflight
/// # async fn serve(app: axum_strict_cors::CorsRouter) {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
/// axum::serve(listener, app).await.unwrap();
/// # }
/// ```
///
/// A router merged or nested with a policy of its own (`.merge(PUBLIC.router().route(..))`,
/// or a `Router` with `.layer(PUBLIC)`) keeps it for its routes; requests no path matched
/// are the app's, answered under `SPA`. A layer that must also see preflights (a
/// `TraceLayer`) goes outside the policy: `app.into_router().layer(trace)`.
#[doc(inline)]
pub use axum_strict_cors_runtime::CorsRouter;

/// What a [`CorsRouter`] puts over the whole app: a named policy ([`PolicyLayer`]), or one
/// with an async origin check ([`AsyncOriginsLayer`], `SPA.origins_async(check).router()`).
#[doc(inline)]
pub use axum_strict_cors_runtime::AppPolicy;

/// A CORS policy from the app's own configuration: filled in code or read with serde
/// (feature `serde`) from a `[cors]` table, then checked by [`CorsConfig::build`] with the
/// rules and the words of the compile errors, every problem at once, before the server
/// listens. The built policy is a [`PolicyLayer`], as a `cors_policy!` is: see the guide's
/// [configuration chapter](crate::guide::configuration).
///
/// ```
/// use axum::{routing::get, Router};
/// use axum_strict_cors::CorsConfig;
///
/// let policy = CorsConfig::new()
///     .origins("https://app.example.com, https://admin.example.com")
///     .methods("GET, PUT")
///     .credentials(true)
///     .build()
///     .expect("a valid policy");
/// let app = policy.router().route("/items", get(|| async { "[]" }));
/// # let _: axum_strict_cors::CorsRouter = app;
///
/// let problems = CorsConfig::new()
///     .origins("https://app.example.com/")
///     .methods("PUT, DELTE")
///     .build()
///     .unwrap_err();
/// assert_eq!(problems.problems.len(), 2);
/// ```
#[doc(inline)]
pub use axum_strict_cors_runtime::CorsConfig;

/// Every problem of a [`CorsConfig`], each with its key, its value and the fix.
#[doc(inline)]
pub use axum_strict_cors_runtime::{ConfigError, Problem};

/// A list a [`CorsConfig`] key takes: `"a, b"`, or its items (an array, a `Vec`).
#[doc(inline)]
pub use axum_strict_cors_runtime::List;

/// An origin list from any source, checked by the rules of `origins = ...`: what an
/// `origins_fn` or `origins_async` check asks, so that a malformed entry is an error at load
/// time rather than an origin that silently never matches.
///
/// ```
/// use axum_strict_cors::OriginSet;
///
/// // e.g. from a CLI flag or a database column
/// let partners = OriginSet::parse("https://a.partner.example, https://*.b.partner.example", true)
///     .expect("valid origins");
/// assert!(partners.contains("https://shop.b.partner.example"));
/// assert!(!partners.contains("https://evil.example"));
///
/// let typo = OriginSet::parse(["https://a.partner.example/"], true).unwrap_err();
/// assert!(typo.problems[0].message.contains("trailing slash"));
/// ```
#[doc(inline)]
pub use axum_strict_cors_runtime::OriginSet;

/// A router-wide policy that also asks an async check about origins it does not list: what
/// [`PolicyLayer::origins_async`] returns, for allowed origins kept in a database.
///
/// The check closes over the app's state (a pool, a tenant table) and is asked at most once per
/// request, about a well-formed origin the policy's own origins did not allow, before the
/// request's preflight answer or grant: `true` allows it as if it were listed. Every request
/// from such an origin waits for it, so answer from a cache where you can:
///
/// ```
/// use std::collections::HashSet;
/// use std::sync::{Arc, RwLock};
///
/// use axum::{routing::get, Router};
/// use axum_strict_cors::cors_policy;
///
/// cors_policy!(TENANTS: origins = "https://app.example.com", methods = "GET, PUT");
///
/// /// The tenants' origins, as last read from the database by a background task.
/// #[derive(Clone, Default)]
/// struct TenantOrigins(Arc<RwLock<HashSet<String>>>);
///
/// let tenants = TenantOrigins::default();
/// tenants.0.write().unwrap().insert("https://shop.tenant.example".to_string());
///
/// let app: Router = Router::new()
///     .route("/items", get(|| async { "[]" }))
///     .layer(TENANTS.origins_async(move |origin: String| {
///         let tenants = tenants.clone();
///         async move { tenants.0.read().unwrap().contains(&origin) }
///     }));
/// ```
///
/// A path's own policies (`cors_route!`, `#[cors]` handlers) are never widened by the check.
#[doc(inline)]
pub use axum_strict_cors_runtime::AsyncOriginsLayer;

/// Builds the `OPTIONS` handler of a path from the `#[cors]` handlers served on it:
/// `.options(preflight!(update, remove))`.
///
/// Each preflight is judged by the policy of the handler that claims the requested method
/// (its `methods`, or GET/HEAD/POST when it has none). Two different policies claiming the same
/// method are a compile error naming the method and both handlers; policies that answer
/// preflights alike (equal but for list order, `expose_headers` or `reject_disallowed`, or one
/// named policy) may share. Policies read at start-up (`origins_env`) are validated when the
/// router is built: a bad value panics there with a clear message, not on a request.
///
/// Every handler named must have `#[cors]`: the macro reads the items the attribute generates
/// for it, so for one without, rustc says "cannot find module or crate `update`" ("function
/// `update` is not a crate or module").
///
/// [`cors_route!`] is the newer form: it names each handler with the method it is routed on,
/// adds the `OPTIONS` route itself, after every route layer of the chain, and lets the page
/// read answers made outside the handler.
///
/// ```
/// use axum::{routing::put, Router};
/// use axum_strict_cors::{cors, preflight};
///
/// #[cors(origins = "https://app.example.com", methods = "PUT", headers = "content-type")]
/// async fn replace() {}
///
/// #[cors(origins = "https://admin.example.com", methods = "DELETE")]
/// async fn remove() {}
///
/// // Each preflight is judged by the policy of the handler claiming the requested method.
/// let app: Router = Router::new().route(
///     "/items/{id}",
///     put(replace).delete(remove).options(preflight!(replace, remove)),
/// );
/// ```
#[macro_export]
macro_rules! preflight {
    ($($($handler:ident)::+),+ $(,)?) => {{
        const _: () = $crate::__private::check_shared_path(
            &[$($($handler)::+::CLAIMS),+],
            "preflight!(..)",
        );
        static POLICIES: &[&$crate::__private::Policy] = &[$(&$($handler)::+::POLICY),+];
        $crate::__private::preflight_handler(POLICIES)
    }};
}

/// Validates what the policies of these handlers read at start-up (`origins_env`), returning
/// the first error: call it in `main` before serving, so that a bad environment variable stops
/// the program with a clear message instead of refusing requests later.
///
/// ```standalone_crate
/// use axum_strict_cors::cors;
///
/// #[cors(origins_env = "MY_APP_ORIGINS")]
/// async fn list() {}
///
/// #[cors(origins = "https://app.example.com")]
/// async fn show() {}
///
/// // SAFETY: no other thread is running yet (a program sets its environment first thing).
/// unsafe { std::env::set_var("MY_APP_ORIGINS", "https://app.example.com/") };
/// let error = axum_strict_cors::validate!(list, show).unwrap_err();
/// assert!(error.to_string().contains("trailing slash"));
/// ```
#[macro_export]
macro_rules! validate {
    ($($($handler:ident)::+),+ $(,)?) => {
        (|| -> ::core::result::Result<(), $crate::PolicyError> {
            $($($handler)::+::POLICY.validate()?;)+
            ::core::result::Result::Ok(())
        })()
    };
}

/// What generated code and the macros above name: not a public API, may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use axum_strict_cors_macros::__CorsItems;
    pub use axum_strict_cors_runtime::__private::*;
}

/// The guide: everything the README leaves out, one chapter per topic. Every Rust example in
/// it is compiled and run as a doc test.
///
/// - [`policies`](guide::policies): the keys of a policy, what is checked at compile time,
///   named policies.
/// - [`registration`](guide::registration): `cors_route!`, a plain `put(h)`, fallbacks,
///   merging, `preflight!`, authentication.
/// - [`whole_app`](guide::whole_app): the whole app under one policy, in any order
///   (`SPA.router()`); routers with policies of their own; the plain `.layer(SPA)`.
/// - [`configuration`](guide::configuration): a policy from the app's configuration file,
///   checked by the same rules at start-up; origin lists from any source.
/// - [`testing`](guide::testing): a handler's logic without CORS; an app's CORS like a
///   browser (`test_util`).
/// - [`openapi`](guide::openapi): utoipa and aide.
/// - [`diagnostics`](guide::diagnostics): refusals in the log, the browsers, the examples.
/// - [`cors_errors`](guide::cors_errors): the CORS error of any server, asked over HTTP
///   (`examples/explain.rs`, `test_util::fetch_url`): a proxy's second grant, a proxy
///   answering `OPTIONS`, servers written elsewhere.
/// - [`performance`](guide::performance): what the macro generates and what it costs.
/// - [`limits`](guide::limits): hardening, MSRV, what the crate does not do.
pub mod guide {
    #[doc = include_str!("guide/policies.md")]
    pub mod policies {}
    #[doc = include_str!("guide/registration.md")]
    pub mod registration {}
    #[doc = include_str!("guide/whole_app.md")]
    pub mod whole_app {}
    #[doc = include_str!("guide/configuration.md")]
    pub mod configuration {}
    #[doc = include_str!("guide/testing.md")]
    pub mod testing {}
    #[doc = include_str!("guide/openapi.md")]
    pub mod openapi {}
    #[doc = include_str!("guide/diagnostics.md")]
    pub mod diagnostics {}
    #[doc = include_str!("guide/cors_errors.md")]
    pub mod cors_errors {}
    #[doc = include_str!("guide/performance.md")]
    pub mod performance {}
    #[doc = include_str!("guide/limits.md")]
    pub mod limits {}
}

/// The README's Rust examples, compiled and run as doc tests so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod test_util;
