// `#[fal(transparent)]` over the built-in `ModelError` and over another derived enum:
// every key, the status, the retry header and the catalog come from the inner error.
use fal_error::{FalError, ModelError};

#[derive(Debug, FalError)]
enum LoraError {
    #[fal(msg = "LoRA {name} was not found")]
    LoraNotFound {
        #[fal(ctx)]
        name: String,
    },
    #[fal(status = 503, retryable = true)]
    LoraWarmingUp,
}

#[derive(Debug, FalError)]
enum AppError {
    #[fal(transparent)]
    Model(ModelError),
    #[fal(transparent)]
    Lora { inner: LoraError },
    #[fal(type = "quota_exceeded", status = 429)]
    Quota,
}

fn main() {
    let model = AppError::Model(ModelError::ImageTooLarge {
        max_height: 1024,
        max_width: 1024,
    });
    let direct = ModelError::ImageTooLarge {
        max_height: 1024,
        max_width: 1024,
    };
    assert_eq!(model.to_response().body(), direct.to_response().body());
    assert_eq!(
        model
            .at("image_url")
            .with_input("https://example.com/big.png")
            .to_response()
            .body(),
        r#"{"detail":[{"loc":["body","image_url"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large","ctx":{"max_height":1024,"max_width":1024},"input":"https://example.com/big.png"}]}"#,
    );

    let internal =
        AppError::Model(ModelError::InternalServerError { retryable: true }).to_response();
    assert_eq!(internal.status(), 500);
    assert_eq!(internal.headers()["x-fal-retryable"], "true");

    let lora = AppError::Lora {
        inner: LoraError::LoraNotFound {
            name: "ghibli".into(),
        },
    };
    assert_eq!(
        lora.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"LoRA ghibli was not found","type":"lora_not_found","url":"https://docs.fal.ai/errors/#lora_not_found","ctx":{"name":"ghibli"}}]}"#,
    );
    let warming = AppError::Lora {
        inner: LoraError::LoraWarmingUp,
    };
    assert_eq!(warming.status(), 503);
    assert!(warming.retryable());

    assert_eq!(AppError::Quota.status(), 429);

    let catalog = AppError::catalog();
    assert_eq!(catalog.len(), ModelError::catalog().len() + 2 + 1);
    assert_eq!(ModelError::catalog().len(), 31);
    let types: Vec<&str> = catalog.iter().map(|info| info.error_type).collect();
    assert!(types.contains(&"image_too_large"));
    assert!(types.contains(&"lora_warming_up"));
    assert_eq!(types.last(), Some(&"quota_exceeded"));
}
