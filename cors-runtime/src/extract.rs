//! Extractor wrappers: they run the user's extractors unchanged, and put the CORS headers on
//! their rejections too (a body that fails to parse is answered before the handler runs, and
//! without CORS headers the page could not read why).

use std::marker::PhantomData;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use http::request;

use crate::call::{judge_parts, Refused};
use crate::policy::{OriginVerdict, Policy};
use crate::respond::{grant_actual, RequestOrigin};

/// Ties a generated marker type to its handler's static [`Policy`].
pub trait HasPolicy: 'static {
    /// The policy.
    const POLICY: &'static Policy;
}

/// `origins_fn = path`: implemented for a handler's marker type beside the handler (where the
/// user's path resolves as written), and read by its policy as `<Cors as OriginsFn>::ALLOW`.
pub trait OriginsFn {
    /// The user's function: whether a well-formed origin is allowed.
    const ALLOW: fn(&str) -> bool;
}

/// First argument of every generated handler: judges `Origin` once (and logs a refusal),
/// then finishes the handler's response with the grant.
pub struct CorsRequest<P> {
    verdict: OriginVerdict,
    policy: PhantomData<fn() -> P>,
}

impl<S: Send + Sync, P: HasPolicy> FromRequestParts<S> for CorsRequest<P> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut request::Parts, _: &S) -> Result<Self, Response> {
        let policy = P::POLICY;
        let verdict =
            judge_parts(policy, &parts.method, &parts.headers).map_err(Refused::into_response)?;
        Ok(CorsRequest {
            verdict,
            policy: PhantomData,
        })
    }
}

impl<P: HasPolicy> CorsRequest<P> {
    /// Adds the headers the policy grants this request's origin to the handler's response.
    pub fn finish(self, response: impl IntoResponse) -> Response {
        let mut response = response.into_response();
        grant_actual(P::POLICY, self.verdict, response.headers_mut());
        response
    }
}

/// Wraps an argument extracted from request parts (every argument but the last).
pub struct Parts<T, P>(pub T, PhantomData<fn() -> P>);

impl<S, T, P> FromRequestParts<S> for Parts<T, P>
where
    S: Send + Sync,
    T: FromRequestParts<S>,
    P: HasPolicy,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut request::Parts, state: &S) -> Result<Self, Response> {
        match T::from_request_parts(parts, state).await {
            Ok(value) => Ok(Parts(value, PhantomData)),
            Err(rejection) => {
                let mut response = rejection.into_response();
                // Not logged: the request's refusal, if any, was logged when it arrived.
                let verdict = RequestOrigin::capture(&parts.headers).verdict(P::POLICY);
                grant_actual(P::POLICY, verdict, response.headers_mut());
                Err(response)
            }
        }
    }
}

/// Wraps the last argument, which may consume the body (`Json`, `String`, ...) or not
/// (`Path`, ...): `M` is axum's marker telling which, inferred by `put(handler)`.
///
/// Never rejects: a rejection is kept as `Err` and the generated handler finishes it with the
/// grant it computed once for the request (being last, nothing runs after it either way).
pub struct Last<T, M>(pub Result<T, Response>, PhantomData<fn() -> M>);

impl<S, T, M> FromRequest<S> for Last<T, M>
where
    S: Send + Sync,
    T: FromRequest<S, M>,
    M: 'static,
{
    type Rejection = std::convert::Infallible;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let value = T::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response);
        Ok(Last(value, PhantomData))
    }
}
