//! What a unit-struct handler's `Handler::call` runs: judge `Origin`, extract the arguments as
//! axum does, call the user's function and grant every answer (extractor rejections included),
//! in one boxed future. Generic functions here, one per number of arguments, so that the
//! compiler type-checks this code once, in this crate, and each handler only instantiates it
//! (as axum's own `Handler` of a function is instantiated), instead of checking a copy of it
//! per handler.

use std::future::Future;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::IntoResponse;

use crate::call::{grant, judge, rejected, BoxedAnswer};
use crate::policy::Policy;

/// A handler without arguments.
#[inline]
pub fn serve0<S, F, Fut>(policy: &'static Policy, request: Request, _state: S, f: F) -> BoxedAnswer
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future + Send,
    Fut::Output: IntoResponse,
{
    let verdict = match judge(policy, &request) {
        Ok(verdict) => verdict,
        Err(refused) => return rejected(refused),
    };
    Box::pin(async move { grant(policy, verdict, f().await.into_response()) })
}

/// A handler of one argument, which takes the whole request.
#[inline]
pub fn serve1<S, M, F, Fut, A>(
    policy: &'static Policy,
    request: Request,
    state: S,
    f: F,
) -> BoxedAnswer
where
    S: Send + Sync + 'static,
    F: FnOnce(A) -> Fut + Send + 'static,
    Fut: Future + Send,
    Fut::Output: IntoResponse,
    A: FromRequest<S, M> + Send,
{
    let verdict = match judge(policy, &request) {
        Ok(verdict) => verdict,
        Err(refused) => return rejected(refused),
    };
    Box::pin(async move {
        let a = match A::from_request(request, &state).await {
            Ok(value) => value,
            Err(rejection) => return grant(policy, verdict, rejection.into_response()),
        };
        grant(policy, verdict, f(a).await.into_response())
    })
}

macro_rules! serve {
    ($name:ident; $($part:ident),+; $last:ident) => {
        /// A handler of several arguments: all but the last from the request's parts, the
        /// last from the whole request.
        #[inline]
        #[allow(non_snake_case)]
        pub fn $name<S, M, F, Fut, $($part,)+ $last>(
            policy: &'static Policy,
            request: Request,
            state: S,
            f: F,
        ) -> BoxedAnswer
        where
            S: Send + Sync + 'static,
            F: FnOnce($($part,)+ $last) -> Fut + Send + 'static,
            Fut: Future + Send,
            Fut::Output: IntoResponse,
            $($part: FromRequestParts<S> + Send,)+
            $last: FromRequest<S, M> + Send,
        {
            let verdict = match judge(policy, &request) {
                Ok(verdict) => verdict,
                Err(refused) => return rejected(refused),
            };
            let (mut parts, body) = request.into_parts();
            Box::pin(async move {
                $(
                    let $part = match $part::from_request_parts(&mut parts, &state).await {
                        Ok(value) => value,
                        Err(rejection) => return grant(policy, verdict, rejection.into_response()),
                    };
                )+
                let request = Request::from_parts(parts, body);
                let $last = match $last::from_request(request, &state).await {
                    Ok(value) => value,
                    Err(rejection) => return grant(policy, verdict, rejection.into_response()),
                };
                grant(policy, verdict, f($($part,)+ $last).await.into_response())
            })
        }
    };
}

serve!(serve2; T1; T2);
serve!(serve3; T1, T2; T3);
serve!(serve4; T1, T2, T3; T4);
serve!(serve5; T1, T2, T3, T4; T5);
serve!(serve6; T1, T2, T3, T4, T5; T6);
serve!(serve7; T1, T2, T3, T4, T5, T6; T7);
serve!(serve8; T1, T2, T3, T4, T5, T6, T7; T8);
serve!(serve9; T1, T2, T3, T4, T5, T6, T7, T8; T9);
serve!(serve10; T1, T2, T3, T4, T5, T6, T7, T8, T9; T10);
serve!(serve11; T1, T2, T3, T4, T5, T6, T7, T8, T9, T10; T11);
serve!(serve12; T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11; T12);
serve!(serve13; T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12; T13);
serve!(serve14; T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13; T14);
serve!(serve15; T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14; T15);
serve!(serve16; T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15; T16);
