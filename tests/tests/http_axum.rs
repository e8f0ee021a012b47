//! The example model server on axum, over real HTTP on 127.0.0.1: every shared case of
//! `http_cases`, answered byte for byte.

#[macro_use]
mod http_cases;

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::routing::post;
use fal_error::ErrorResponse;
use fal_error::axum::Json;

use http_cases::{Batch, BatchSummary, server};

async fn batch(Json(batch): Json<Batch>) -> Result<Json<BatchSummary>, ErrorResponse> {
    Ok(Json(batch.into()))
}

/// The example's app plus `/batch`, served on an ephemeral port by a thread of its own.
fn axum_server() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| http_cases::serve_axum(server::app().route("/batch", post(batch))))
}

http_cases!(axum_server());
