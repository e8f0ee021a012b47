//! [`FalLayer`] as a tower `Layer` for axum: `.layer(FalLayer::new())` on a `Router`.
//!
//! ```
//! use axum::{Router, routing::post};
//! use fal_error::FalLayer;
//!
//! let app: Router = Router::new()
//!     .route("/generate", post(|| async { "done" }))
//!     .layer(FalLayer::new());
//! # let _ = app;
//! ```

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use ::axum::body::{Body, Bytes, HttpBody};
use ::axum::response::{IntoResponse, Response};
use http::Request;
use http::header::ALLOW;
use tower_layer::Layer;
use tower_service::Service;

use crate::integrations::serving::{FalLayer, FalWritten, GuardedPanic};

/// The service [`FalLayer`] wraps an axum app (or any tower service) in.
#[derive(Clone, Debug)]
pub struct FalService<S> {
    inner: S,
    layer: FalLayer,
}

impl<S> Layer<S> for FalLayer {
    type Service = FalService<S>;

    fn layer(&self, inner: S) -> FalService<S> {
        FalService {
            inner,
            layer: *self,
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl<S, B, ResBody> Service<Request<B>> for FalService<S>
where
    S: Service<Request<B>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ResBody: HttpBody<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let layer = self.layer;
        if let Some(refusal) = layer.refused_early(request.headers()) {
            return Box::pin(std::future::ready(Ok(refusal.into_response())));
        }
        if let Some(config) = layer.json_config() {
            request.extensions_mut().insert(config);
        }
        let path = request.uri().path().to_owned();
        let inner = &mut self.inner;
        let future = match layer.guard_call(|| inner.call(request)) {
            Ok(future) => layer.guard(future),
            Err(panicked) => return Box::pin(std::future::ready(Ok(panicked.into_response()))),
        };
        Box::pin(async move {
            let response = match future.await {
                Ok(result) => result?,
                Err(GuardedPanic(panicked)) => return Ok(panicked.into_response()),
            };
            if response.extensions().get::<FalWritten>().is_some() {
                return Ok(response.map(Body::new));
            }
            match layer.replacement(response.status(), &path, response.headers().get(ALLOW)) {
                Some(replacement) => Ok(replacement.into_response()),
                None => Ok(response.map(Body::new)),
            }
        })
    }
}
