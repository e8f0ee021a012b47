//! The quick start: a model's error enum, and the exact responses a client receives.
//!
//! Run with `cargo run --example quickstart`.

use fal_error::{ErrorResponse, FalError, ModelError, RequestError, RequestErrorType};

/// The errors of an upscaling model.
#[derive(Debug, FalError)]
enum UpscaleError {
    /// The image's aspect ratio is one the model cannot upscale.
    #[fal(
        type = "aspect_ratio_unsupported",
        msg = "Aspect ratio {width}:{height} is not supported"
    )]
    AspectRatio {
        #[fal(ctx)]
        width: u32,
        #[fal(ctx)]
        height: u32,
        #[fal(input)]
        image_url: String,
    },
    /// The requested LoRA is not installed.
    #[fal(type = "lora_not_found", msg = "LoRA {name} was not found")]
    LoraNotFound {
        #[fal(ctx)]
        name: String,
    },
    /// The GPU ran out of memory; another runner may have more.
    #[fal(status = 503, retryable = true, msg = "GPU out of memory")]
    GpuOutOfMemory,
    /// Any of fal's built-in errors.
    #[fal(transparent)]
    Model(ModelError),
}

/// Prints a response the way it travels: status line, headers, body.
fn print(title: &str, response: ErrorResponse) {
    println!("# {title}");
    let status = response.status();
    println!(
        "HTTP/1.1 {} {}",
        status.as_str(),
        status.canonical_reason().unwrap_or("")
    );
    for (name, value) in response.headers() {
        println!("{name}: {}", value.to_str().unwrap_or("<binary>"));
    }
    println!();
    println!("{}", response.body());
    println!();
}

fn main() {
    print(
        "A custom type with ctx, placed at the field that caused it",
        UpscaleError::AspectRatio {
            width: 21,
            height: 9,
            image_url: "https://example.com/panorama.png".into(),
        }
        .at("image_url")
        .to_response(),
    );
    print(
        "A message templated from a field",
        UpscaleError::LoraNotFound {
            name: "pixel-art".into(),
        }
        .at("loras")
        .to_response(),
    );
    print(
        "A retryable server error",
        UpscaleError::GpuOutOfMemory.to_response(),
    );
    print(
        "A built-in error, with its input given where it is raised",
        UpscaleError::Model(ModelError::LessThanEqual { le: 50.into() })
            .at("num_inference_steps")
            .with_input(80)
            .to_response(),
    );
    let violations = [
        UpscaleError::Model(ModelError::OneOf {
            expected: [2, 4].into(),
        })
        .at("scale")
        .with_input(3),
        UpscaleError::Model(ModelError::GreaterThanEqual { ge: 1.into() })
            .at("num_inference_steps")
            .with_input(0),
    ];
    if let Some(response) = ErrorResponse::from_errors(&violations) {
        print("Every violation of one request in one body", response);
    }
    print(
        "An infrastructure failure in the flat shape",
        RequestError::new(RequestErrorType::RunnerDisconnected, "Runner disconnected")
            .to_response(),
    );
}
