//! The same cases judged by `axum_strict_cors::test_util::fetch`, which must reach Chromium's verdict
//! on each (the helper gives the same verdicts as a real browser).

use axum_strict_cors::test_util::{Credentials, Reason, Request};

/// The request each case's page script makes, as a `test_util` request. Every case on this
/// suite's own pages must have one (a missing entry fails the case's parity check).
pub fn request(case: &str) -> Option<Request> {
    if let Some(request) = crate::elsewhere::request(case) {
        return Some(request);
    }
    let get = |path: &str| Request::new("GET", &format!("{path}?case=helper"));
    let include = |r: Request| r.credentials(Credentials::Include);
    let put_item = |body: &str| {
        Request::new("PUT", "/items/7?case=helper")
            .header("content-type", "application/json")
            .body(body.to_string())
    };
    let put_note = || {
        Request::new("PUT", "/notes?case=helper")
            .header("content-type", "text/plain")
            .body("hello")
    };
    let app_put = |uri: &str| {
        Request::new("PUT", uri)
            .header("content-type", "application/json")
            .body(r#"{"name":"pen"}"#)
    };
    Some(match case {
        "simple_get_allowed_for_listed_origin" | "simple_get_blocked_for_unlisted_origin" => {
            get("/user")
        }
        "star_origins_read_by_listed_page" | "star_origins_read_by_any_page" => get("/public"),
        "preflighted_put_allowed" | "preflighted_put_blocked_for_unlisted_origin_never_sent" => {
            put_item(r#"{"name":"pen"}"#)
        }
        "preflighted_delete_allowed" => Request::new("DELETE", "/items/7?case=helper"),
        "extractor_rejection_readable_by_page" => put_item("{not json"),
        "method_not_in_policy_blocked_never_sent" => Request::new("PATCH", "/items/7?case=helper"),
        "listed_request_header_allowed" => get("/traced").header("x-request-id", "r-1"),
        "unlisted_request_header_blocked_never_sent" => {
            get("/untraced").header("x-request-id", "r-2")
        }
        "same_route_without_the_header_allowed" => get("/untraced"),
        "exposed_response_header_readable" => get("/counted"),
        "unexposed_response_header_hidden" => get("/uncounted"),
        "wildcard_subdomain_allowed"
        | "wildcard_deep_subdomain_allowed"
        | "wildcard_apex_blocked"
        | "wildcard_other_domain_blocked" => get("/wild"),
        "credentialed_login_sets_cookie" => include(get("/login")),
        "credentialed_cookie_round_trip" => include(get("/me")).cookie("sid=s3cr3t"),
        "credentialed_fetch_blocked_without_credentials_in_policy" => {
            include(get("/me-without-credentials"))
        }
        "same_route_uncredentialed_fetch_allowed" => get("/me-without-credentials"),
        "credentialed_fetch_blocked_by_star_origins" => include(get("/public")),
        "credentialed_fetch_blocked_for_unlisted_origin" => include(get("/me")),
        "reject_disallowed_runs_handler_for_listed_origin"
        | "reject_disallowed_blocked_handler_never_ran" => get("/guarded"),
        "shared_path_get_star_from_unlisted_origin" | "shared_path_get_from_listed_origin" => {
            get("/notes")
        }
        "shared_path_put_blocked_for_unlisted_origin_never_sent"
        | "shared_path_put_allowed_for_listed_origin" => put_note(),
        "redirect_308_followed_with_method_and_body" => Request::new("PUT", "/moved?case=helper")
            .header("content-type", "text/plain")
            .body("x"),
        "preflight_reused_without_max_age_in_chromium_only" => {
            Request::new("PUT", "/cached?case=helper")
        }
        "preflight_repeated_with_max_age_zero" => Request::new("PUT", "/uncached?case=helper"),
        "redirect_without_grant_blocked" => get("/bare-redirect"),
        "cross_origin_redirect_sends_origin_null_blocked" => {
            Request::new("GET", "http://service.example.com/away?case=helper")
        }
        "cross_origin_redirect_allowed_where_null_is_listed" => {
            Request::new("GET", "http://service.example.com/away-null-ok?case=helper")
        }
        "star_allow_headers_cover_other_headers" => get("/star-headers").header("x-api-key", "k"),
        "star_allow_headers_cover_authorization_in_both_engines" => {
            get("/star-headers").header("authorization", "Bearer t")
        }
        "preflight_without_ok_status_blocked" => {
            Request::new("PUT", "/other/preflight-401?case=helper")
        }
        "preflight_redirect_blocked" => {
            Request::new("PUT", "/other/preflight-redirect?case=helper")
        }
        "method_not_in_allow_methods_blocked" => {
            Request::new("PATCH", "/other/methods?case=helper")
        }
        "header_not_in_allow_headers_blocked" => get("/other/headers").header("x-api-key", "k"),
        "allow_origin_of_another_origin_blocked" => get("/other/mismatch"),
        "allow_origin_repeated_blocked" => get("/other/repeated"),
        "registered_put_without_methods_allowed"
        | "registered_put_blocked_for_unlisted_origin_never_sent" => {
            Request::new("PUT", "/registered/notes?case=helper")
                .header("content-type", "text/plain")
                .body("hello")
        }
        "registered_unrouted_method_preflight_refused_never_sent" => {
            Request::new("DELETE", "/registered/notes?case=helper")
        }
        "registered_405_for_unrouted_method_readable" => {
            Request::new("POST", "/registered/notes?case=helper").body("hello")
        }
        "registered_route_layer_401_readable"
        | "registered_route_layer_401_blocked_for_unlisted_origin" => get("/registered/secret"),
        "registered_rate_limit_429_readable" => get("/registered/limited"),
        "registered_timeout_408_readable" => get("/registered/slow"),
        "router_wide_put_to_nested_plain_route_allowed"
        | "router_wide_put_blocked_for_unlisted_origin_never_sent" => {
            app_put("/app/api/v1/items/7?login=1&case=helper")
        }
        "router_wide_fallback_404_readable" => app_put("/app/api/v1/nothing?login=1&case=helper"),
        "router_wide_405_for_unrouted_method_readable" => {
            Request::new("DELETE", "/app/api/v1/items?login=1&case=helper")
        }
        "router_wide_auth_401_readable_after_preflight_passed" => {
            app_put("/app/api/v1/items/7?case=helper")
        }
        "router_wide_timeout_408_readable" => {
            Request::new("GET", "/app/api/v1/slow?login=1&case=helper")
        }
        "router_wide_stricter_route_refuses_router_origin_never_sent"
        | "router_wide_stricter_route_allows_its_own_origin" => {
            Request::new("DELETE", "/app/api/v1/admin/cache?login=1&case=helper")
        }
        "router_wide_star_route_read_by_any_page" => {
            Request::new("GET", "/app/status?login=1&case=helper")
        }
        "whole_app_auth_after_policy_401_readable" => {
            app_put("http://whole.example.com/items/7?case=helper")
        }
        "whole_app_auth_after_policy_put_with_token_allowed" => {
            app_put("http://whole.example.com/items/7?case=helper")
                .header("authorization", "Bearer ok")
        }
        "auth_after_policy_layer_answers_preflight_401_blocked_never_sent" => {
            app_put("http://layered.example.com/items/7?case=helper")
        }
        "auth_after_policy_layer_blocks_even_with_token_never_sent" => {
            app_put("http://layered.example.com/items/7?case=helper")
                .header("authorization", "Bearer ok")
        }
        "merged_star_router_read_by_unlisted_page" => {
            Request::new("GET", "http://merged.app.localhost/open?case=helper")
        }
        "merged_star_router_credentialed_fetch_blocked" => include(Request::new(
            "GET",
            "http://merged.app.localhost/open?case=helper",
        )),
        "app_route_beside_merged_star_router_credentialed_readable" => include(Request::new(
            "GET",
            "http://merged.app.localhost/account?case=helper",
        )),
        "app_404_beside_merged_star_router_credentialed_readable" => include(Request::new(
            "GET",
            "http://merged.app.localhost/nothing?case=helper",
        )),
        "app_404_beside_merged_star_router_blocked_for_unlisted_page" => {
            Request::new("GET", "http://merged.app.localhost/nothing?case=helper")
        }
        _ => return None,
    })
}

/// The reason `test_util` must give where the case is about which one it is (the others are
/// checked against the engines' consoles only).
pub fn reason(case: &str) -> Option<Reason> {
    if let Some(reason) = crate::elsewhere::reason(case) {
        return Some(reason);
    }
    Some(match case {
        // Auth outside the policy answered the preflight: no policy saw it.
        "auth_after_policy_layer_answers_preflight_401_blocked_never_sent"
        | "auth_after_policy_layer_blocks_even_with_token_never_sent" => Reason::Unhandled(401),
        // The app's 404 is its policy's, which refuses the origin (not `*`).
        "app_404_beside_merged_star_router_blocked_for_unlisted_page" => Reason::Origin,
        // The merged router kept its `*`.
        "merged_star_router_credentialed_fetch_blocked" => Reason::Credentials,
        _ => return None,
    })
}
