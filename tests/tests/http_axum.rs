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
    *SERVER.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let address = listener.local_addr().expect("the bound address");
        let app = server::app().route("/batch", post(batch));
        std::thread::spawn(move || {
            http_cases::block_on(async move {
                let listener =
                    tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
                axum::serve(listener, app).await.expect("serving");
            })
        });
        address
    })
}

http_cases!(axum_server());
