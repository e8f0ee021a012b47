//! With the `actix-web` feature every derived error that has a `Display` text, and every
//! placed error, is an actix-web `ResponseError` sending the exact fal response.

use actix_web::ResponseError;
use actix_web::body::to_bytes;
use fal_error::{FalError, ModelError};
use fal_error_tests::wire_parts;

#[derive(Debug, thiserror::Error, FalError)]
#[fal(display)]
enum LoraError {
    #[error("LoRA {name} was not found")]
    #[fal(type = "lora_not_found")]
    NotFound {
        #[fal(ctx)]
        name: String,
    },
    #[error("the GPU is busy")]
    #[fal(status = 503, retryable = true)]
    GpuBusy,
}

/// No `Display`: it stays a fal error, and simply is not a `ResponseError`.
#[derive(Debug, FalError)]
enum Quiet {
    Refused,
}

/// Status, headers (sorted by name) and body of the actix-web response of `error`.
fn actix_parts(error: &dyn ResponseError) -> (u16, Vec<(String, String)>, String) {
    let response = error.error_response();
    let status = response.status().as_u16();
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    let body = actix_web::rt::System::new()
        .block_on(to_bytes(response.into_body()))
        .unwrap();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

/// The same, from the crate's own response.
fn fal_parts(error: &impl FalError) -> (u16, Vec<(String, String)>, String) {
    wire_parts(&error.to_response())
}

#[test]
fn derived_errors_with_display_are_response_errors() {
    let error = LoraError::NotFound {
        name: "anime".into(),
    };
    assert_eq!(
        actix_parts(&error),
        (
            422,
            vec![
                ("content-type".into(), "application/json".into()),
                ("x-fal-retryable".into(), "false".into()),
            ],
            r#"{"detail":[{"loc":["body"],"msg":"LoRA anime was not found","type":"lora_not_found","url":"https://docs.fal.ai/errors/#lora_not_found","ctx":{"name":"anime"}}]}"#.to_owned()
        )
    );
    assert_eq!(
        error.status_code(),
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        actix_parts(&LoraError::GpuBusy),
        fal_parts(&LoraError::GpuBusy)
    );
    assert_eq!(Quiet::Refused.error_type(), "refused");
}

#[test]
fn placed_and_builtin_errors_are_response_errors() {
    let placed = LoraError::NotFound { name: "x".into() }
        .at("loras")
        .with_input(["x"]);
    assert_eq!(actix_parts(&placed), fal_parts(&placed));
    let builtin = ModelError::ImageLoadError
        .at("image_url")
        .with_input("https://x.test/a.webp");
    assert_eq!(actix_parts(&builtin), fal_parts(&builtin));
    assert_eq!(
        actix_parts(&ModelError::NoMediaGenerated),
        fal_parts(&ModelError::NoMediaGenerated)
    );
}
