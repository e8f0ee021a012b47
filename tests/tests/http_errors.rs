//! Handlers that fail with a derived error, an `anyhow::Error` or an `eyre::Report`, over
//! real HTTP on axum and actix-web: the same status, headers and body bytes from both,
//! and no text of a server-side error ever reaches the client.

#[macro_use]
mod http_cases;

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::routing::get;
use eyre::WrapErr as _;
use fal_error::{ErrorResponse, FalError, ModelError};

/// A model's errors, with thiserror's `Display` and `source()`.
#[derive(Debug, thiserror::Error, FalError)]
enum ModelFailure {
    #[error("LoRA {name} was not found")]
    #[fal(type = "lora_not_found", msg = "LoRA {name} was not found")]
    LoraNotFound {
        #[fal(ctx)]
        name: String,
    },
    #[error("the weights at /srv/secret-weights could not be read")]
    #[fal(status = 500, retryable = false)]
    WeightsUnreadable(#[source] std::io::Error),
    #[error(transparent)]
    #[fal(transparent)]
    Model(#[from] ModelError),
}

async fn lora() -> Result<&'static str, ModelFailure> {
    Err(ModelFailure::LoraNotFound {
        name: "pixel-art".into(),
    })
}

async fn weights() -> Result<&'static str, ModelFailure> {
    Err(ModelFailure::WeightsUnreadable(std::io::Error::other(
        "permission denied",
    )))
}

async fn builtin() -> Result<&'static str, ModelError> {
    Err(ModelError::FileDownloadError)
}

fn read_weights() -> Result<Vec<u8>, std::io::Error> {
    Err(std::io::Error::other(
        "/srv/secret-weights: permission denied",
    ))
}

async fn with_anyhow() -> Result<&'static str, ErrorResponse> {
    anyhow::Context::context(read_weights(), "loading the secret weights")?;
    Ok("unreachable")
}

async fn with_eyre() -> Result<&'static str, ErrorResponse> {
    read_weights().wrap_err("loading the secret weights")?;
    Ok("unreachable")
}

fn axum_server() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| {
        http_cases::serve_axum(
            axum::Router::new()
                .route("/lora", get(lora))
                .route("/weights", get(weights))
                .route("/builtin", get(builtin))
                .route("/anyhow", get(with_anyhow))
                .route("/eyre", get(with_eyre)),
        )
    })
}

fn actix_server() -> SocketAddr {
    use actix_web::{App, web};
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| {
        serve_actix!(|| {
            App::new()
                .route("/lora", web::get().to(lora))
                .route("/weights", web::get().to(weights))
                .route("/builtin", web::get().to(builtin))
                .route("/anyhow", web::get().to(with_anyhow))
                .route("/eyre", web::get().to(with_eyre))
        })
    })
}

/// Status, `content-type`, `x-fal-*` headers and body of `GET path`, the same from both
/// frameworks.
fn both(path: &str) -> (u16, Vec<(String, String)>, String) {
    let parts = |reply: http_cases::Reply| {
        let mut headers = http_cases::fal_headers(&reply.headers);
        headers.extend(
            reply
                .headers
                .get_all(http::header::CONTENT_TYPE)
                .iter()
                .map(|value| {
                    (
                        "content-type".to_owned(),
                        value.to_str().unwrap().to_owned(),
                    )
                }),
        );
        (
            reply.status,
            headers,
            String::from_utf8(reply.body).expect("a text body"),
        )
    };
    let axum = parts(http_cases::call(axum_server(), "GET", path));
    let actix = parts(http_cases::call(actix_server(), "GET", path));
    assert_eq!(axum, actix, "axum and actix-web send different responses");
    axum
}

fn headers(retryable: &str) -> Vec<(String, String)> {
    vec![
        ("x-fal-retryable".to_owned(), retryable.to_owned()),
        ("content-type".to_owned(), "application/json".to_owned()),
    ]
}

const INTERNAL: &str = r#"{"detail":[{"loc":["body"],"msg":"Internal server error","type":"internal_server_error","url":"https://docs.fal.ai/errors/#internal_server_error"}]}"#;

#[test]
fn a_derived_error_is_the_response_of_a_handler() {
    assert_eq!(
        both("/lora"),
        (
            422,
            headers("false"),
            r#"{"detail":[{"loc":["body"],"msg":"LoRA pixel-art was not found","type":"lora_not_found","url":"https://docs.fal.ai/errors/#lora_not_found","ctx":{"name":"pixel-art"}}]}"#.to_owned()
        )
    );
}

#[test]
fn a_derived_server_error_sends_its_type_and_none_of_its_text() {
    assert_eq!(
        both("/weights"),
        (
            500,
            headers("false"),
            r#"{"detail":[{"loc":["body"],"msg":"Weights unreadable","type":"weights_unreadable","url":"https://docs.fal.ai/errors/#weights_unreadable"}]}"#.to_owned()
        )
    );
}

#[test]
fn the_builtin_error_is_the_response_of_a_handler() {
    assert_eq!(
        both("/builtin"),
        (
            422,
            headers("false"),
            r#"{"detail":[{"loc":["body"],"msg":"File download error","type":"file_download_error","url":"https://docs.fal.ai/errors/#file_download_error"}]}"#.to_owned()
        )
    );
}

#[test]
fn anyhow_becomes_a_non_retryable_internal_server_error_without_its_text() {
    assert_eq!(
        both("/anyhow"),
        (500, headers("false"), INTERNAL.to_owned())
    );
}

#[test]
fn eyre_becomes_a_non_retryable_internal_server_error_without_its_text() {
    assert_eq!(both("/eyre"), (500, headers("false"), INTERNAL.to_owned()));
}
