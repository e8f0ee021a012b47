//! The example model server's `/upscale` on actix-web, over real HTTP on 127.0.0.1: every
//! shared case of `http_cases`, answered with the same bytes as axum; and actix's own
//! `web::Json` with `fal_error::actix::json_config()`.

#[macro_use]
mod http_cases;

use std::net::SocketAddr;
use std::sync::OnceLock;

use actix_web::{App, web};
use fal_error::ErrorResponse;
use fal_error::actix::{CheckedJson, Json, JsonConfig};

use http_cases::{Batch, BatchSummary, server};

async fn upscale(
    CheckedJson(request): CheckedJson<server::UpscaleRequest>,
) -> Result<Json<server::Upscaled>, ErrorResponse> {
    let upscaled =
        server::upscale(&request).map_err(|error| server::at_image_url(error, &request))?;
    Ok(Json(upscaled))
}

async fn batch(Json(batch): Json<Batch>) -> Result<Json<BatchSummary>, ErrorResponse> {
    Ok(Json(batch.into()))
}

/// actix's own extractor, refusing through `json_config()`.
async fn plain(batch: web::Json<Batch>) -> Json<BatchSummary> {
    Json(batch.into_inner().into())
}

/// The same endpoints as the axum server, plus `/plain`, on an ephemeral port.
fn actix_server() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| {
        serve_actix!(|| {
            App::new()
                .app_data(JsonConfig::new().limit(server::MAX_BODY_BYTES))
                .route("/upscale", web::post().to(upscale))
                .route("/batch", web::post().to(batch))
                .service(
                    web::resource("/plain")
                        .app_data(fal_error::actix::json_config().limit(server::MAX_BODY_BYTES))
                        .route(web::post().to(plain)),
                )
        })
    })
}

http_cases!(actix_server());

/// `web::Json` with `json_config()`: the same types and messages; a wrong-typed value sits
/// at `["body"]` without `input`, because actix's parser does not say where it is.
mod plain_web_json {
    use super::{actix_server, http_cases};

    fn plain(
        content_type: Option<&'static str>,
        body: &str,
    ) -> (u16, String, Vec<(String, String)>) {
        let reply = http_cases::block_on(http_cases::post(
            actix_server(),
            "/plain",
            content_type,
            body.into(),
        ));
        assert_eq!(reply.headers["content-type"], "application/json");
        (
            reply.status,
            String::from_utf8_lossy(&reply.body).into_owned(),
            http_cases::fal_headers(&reply.headers),
        )
    }

    /// A refusal: not retryable, and not billed.
    fn not_retryable() -> Vec<(String, String)> {
        vec![
            ("x-fal-billable-units".to_owned(), "0".to_owned()),
            ("x-fal-retryable".to_owned(), "false".to_owned()),
        ]
    }

    #[test]
    fn valid() {
        let (status, body, fal) = plain(
            Some("application/json"),
            r#"{"images": [], "sampler": "EulerA"}"#,
        );
        assert_eq!(
            (status, body.as_str(), fal),
            (200, r#"{"images":0,"sampler":"EulerA"}"#, vec![])
        );
    }

    #[test]
    fn wrong_type_is_at_the_body() {
        let (status, body, fal) = plain(
            Some("application/json"),
            r#"{"images": [{"url": "a.png", "strength": "high"}], "sampler": "EulerA"}"#,
        );
        assert_eq!(status, 422);
        assert_eq!(fal, not_retryable());
        assert_eq!(
            body,
            r#"{"detail":[{"loc":["body"],"msg":"Input should be a valid number","type":"float_type","url":"https://docs.fal.ai/errors/#float_type"}]}"#
        );
    }

    #[test]
    fn missing_field_is_named() {
        let (status, body, _) = plain(Some("application/json"), r#"{"images": []}"#);
        assert_eq!(status, 422);
        assert_eq!(
            body,
            r#"{"detail":[{"loc":["body","sampler"],"msg":"Field required","type":"missing","url":"https://docs.fal.ai/errors/#missing"}]}"#
        );
    }

    #[test]
    fn unknown_variant_lists_the_choices() {
        let (status, body, _) = plain(
            Some("application/json"),
            r#"{"images": [], "sampler": "Heun"}"#,
        );
        assert_eq!(status, 422);
        assert_eq!(
            body,
            r#"{"detail":[{"loc":["body"],"msg":"Input should be 'EulerA' or 'DPM++'","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":["EulerA","DPM++"]}}]}"#
        );
    }

    #[test]
    fn malformed_json() {
        let (status, body, _) = plain(Some("application/json"), r#"{"images": ["#);
        assert_eq!(status, 422);
        assert_eq!(
            body,
            r#"{"detail":[{"loc":["body"],"msg":"Invalid JSON: EOF while parsing a list at line 1 column 12","type":"json_invalid","url":"https://docs.fal.ai/errors/#json_invalid","ctx":{"error":"EOF while parsing a list at line 1 column 12"}}]}"#
        );
    }

    #[test]
    fn wrong_content_type() {
        let (status, body, fal) = plain(Some("text/plain"), "{}");
        assert_eq!(status, 422);
        assert_eq!(fal, not_retryable());
        assert_eq!(
            body,
            r#"{"detail":[{"loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","type":"model_attributes_type","url":"https://docs.fal.ai/errors/#model_attributes_type"}]}"#
        );
    }

    #[test]
    fn oversized_body() {
        let mut body = r#"{"images": [], "sampler": "EulerA"}"#.to_owned();
        body.extend(std::iter::repeat_n(' ', fal_error_tests_max()));
        let (status, body, _) = plain(Some("application/json"), &body);
        assert_eq!(status, 422);
        assert_eq!(
            body,
            r#"{"detail":[{"loc":["body"],"msg":"File too large","type":"file_too_large","url":"https://docs.fal.ai/errors/#file_too_large","ctx":{"max_size":1048576}}]}"#
        );
    }

    fn fal_error_tests_max() -> usize {
        super::server::MAX_BODY_BYTES
    }
}
