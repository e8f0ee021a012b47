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

use ::actix_web::Error;
use ::actix_web::ResponseError;
use ::actix_web::body::{BoxBody, MessageBody};
use ::actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use ::actix_web::http::header;

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
                Ok(result) => result?.map_into_boxed_body(),
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
            let allow = response.headers().get(header::ALLOW);
            match replace(&layer, response.status(), &path, allow) {
                Some(replacement) => {
                    let written = replacement.error_response();
                    Ok(response.into_response(written))
                }
                None => Ok(response),
            }
        })
    }
}

/// [`FalLayer::replacement`] of an actix-web response's status and `allow` header.
fn replace(
    layer: &FalLayer,
    status: ::actix_web::http::StatusCode,
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
