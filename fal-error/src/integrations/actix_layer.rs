//! [`FalLayer`] as an actix-web middleware: `.wrap(FalLayer::new())` on an `App`.
//!
//! ```
//! use actix_web::{App, web};
//! use fal_error::FalLayer;
//!
//! let app = App::new()
//!     .wrap(FalLayer::new())
//!     .route("/generate", web::post().to(|| async { "done" }));
//! # let _ = app;
//! ```

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::rc::Rc;

use ::actix_web::body::{BoxBody, MessageBody};
use ::actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use ::actix_web::error::InternalError;
use ::actix_web::http::{StatusCode, header};
use ::actix_web::{Error, HttpRequest, ResponseError};

use crate::integrations::serving::{FalLayer, FalWritten, GuardedPanic};
use crate::response::ErrorResponse;

/// The middleware [`FalLayer`] wraps an actix-web app in.
pub struct FalMiddleware<S> {
    inner: Rc<S>,
    layer: FalLayer,
}

impl<S, B> Transform<S, ServiceRequest> for FalLayer
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Transform = FalMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<FalMiddleware<S>, ()>>;

    fn new_transform(&self, inner: S) -> Self::Future {
        ready(Ok(FalMiddleware {
            inner: Rc::new(inner),
            layer: *self,
        }))
    }
}

impl<S, B> Service<ServiceRequest> for FalMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<ServiceResponse<BoxBody>, Error>>>>;

    forward_ready!(inner);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let layer = self.layer;
        let headers = to_http_headers(request.headers());
        if let Some(refusal) = layer.refused_early(&headers) {
            return Box::pin(ready(Err(refusal.into())));
        }
        let path = request.path().to_owned();
        let inner = Rc::clone(&self.inner);
        let future = match layer.guard_call(|| inner.call(request)) {
            Ok(future) => layer.guard(future),
            Err(panicked) => return Box::pin(ready(Err(panicked.into()))),
        };
        Box::pin(async move {
            let response = match future.await {
                Ok(Ok(response)) => response.map_into_boxed_body(),
                Ok(Err(error)) => return Err(answer_error(&layer, &path, error)),
                // The request went with the panicking future: actix-web writes the error.
                Err(GuardedPanic(panicked)) => return Err(panicked.into()),
            };
            if response
                .response()
                .extensions()
                .get::<FalWritten>()
                .is_some()
            {
                return Ok(response);
            }
            let status = match response.status() {
                StatusCode::NOT_FOUND if another_method_routes(response.request()) => {
                    StatusCode::METHOD_NOT_ALLOWED
                }
                status => status,
            };
            let allow = response.headers().get(header::ALLOW);
            match replace(&layer, status, &path, allow) {
                Some(replacement) => {
                    #[cfg(feature = "tracing")]
                    let replacement = match response.response().error() {
                        Some(error) if status.is_server_error() => replacement.explained_by(error),
                        _ => replacement,
                    };
                    let written = replacement.error_response();
                    Ok(response.into_response(written))
                }
                None => Ok(response),
            }
        })
    }
}

/// The error that actix-web writes for an inner service's `Err` (another middleware's):
/// a fal error's own response, written once, or the fal error of the status of any
/// other's.
fn answer_error(layer: &FalLayer, path: &str, error: Error) -> Error {
    let written = error.error_response();
    if written.extensions().get::<FalWritten>().is_some() {
        return InternalError::from_response(error, written).into();
    }
    let allow = written.headers().get(header::ALLOW);
    match replace(layer, written.status(), path, allow) {
        #[cfg(feature = "tracing")]
        Some(replacement) if written.status().is_server_error() => {
            replacement.explained_by(&error).into()
        }
        Some(replacement) => replacement.into(),
        None => InternalError::from_response(error, written).into(),
    }
}

/// Whether a 404 means that the path has a route, but for other methods: no resource
/// took the request (the router left its path unmatched) while one is defined for the
/// path. An `App::route` or `web::route()` puts its method guard on its resource, so a
/// wrong method falls through to the app's 404 rather than the resource's 405. (A
/// resource whose other guards refused, a `Host` guard say, is answered the same way.)
fn another_method_routes(request: &HttpRequest) -> bool {
    !request.match_info().unprocessed().is_empty()
        && request.resource_map().has_resource(request.path())
}

/// [`FalLayer::replacement`] of an actix-web response's status and `allow` header.
fn replace(
    layer: &FalLayer,
    status: StatusCode,
    path: &str,
    allow: Option<&header::HeaderValue>,
) -> Option<ErrorResponse> {
    let status = http::StatusCode::from_u16(status.as_u16()).ok()?;
    let allow = allow.and_then(|allow| http::HeaderValue::from_bytes(allow.as_bytes()).ok());
    layer.replacement(status, path, allow.as_ref())
}

/// actix-web's headers in the `http` crate's types (actix-web 4 has its own).
fn to_http_headers(headers: &header::HeaderMap) -> http::HeaderMap {
    headers
        .iter()
        .filter_map(|(name, value)| {
            Some((
                http::HeaderName::from_bytes(name.as_str().as_bytes()).ok()?,
                http::HeaderValue::from_bytes(value.as_bytes()).ok()?,
            ))
        })
        .collect()
}

impl<S> std::fmt::Debug for FalMiddleware<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FalMiddleware")
            .field("layer", &self.layer)
            .finish_non_exhaustive()
    }
}
