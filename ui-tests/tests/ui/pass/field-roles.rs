// Field roles: `#[fal(loc)]` and `loc = [...]`, `#[fal(ctx, rename = "...")]`,
// `#[fal(input)]` and `#[fal(input, redact)]`, `#[fal(skip)]`, and a `#[fal(retryable)]`
// bool field.
use fal_error::{FalError, Loc};

#[derive(Debug, FalError)]
enum ImageError {
    #[fal(msg = "Image {index} could not be loaded")]
    LoadFailed {
        index: u64,
        #[fal(loc)]
        at: Loc,
        #[fal(input, redact)]
        signed_url: String,
    },
    #[fal(type = "first_image_missing", loc = ["body", "images", 0])]
    FirstMissing,
    TooLarge {
        #[fal(ctx, rename = "max_width")]
        limit: u32,
        #[fal(ctx)]
        max_height: u32,
        #[fal(input)]
        url: String,
    },
    #[fal(status = 500)]
    DecoderCrashed {
        #[fal(retryable)]
        retryable: bool,
        #[fal(skip)]
        backtrace: String,
    },
}

fn main() {
    let load = ImageError::LoadFailed {
        index: 2,
        at: Loc::body().key("images").index(2),
        signed_url: "https://example.com/a.png?token=secret".into(),
    };
    assert_eq!(
        load.to_response().body(),
        r#"{"detail":[{"loc":["body","images",2],"msg":"Image 2 could not be loaded","type":"load_failed","url":"https://docs.fal.ai/errors/#load_failed"}]}"#,
    );
    assert!(load.input().is_none());
    if let ImageError::LoadFailed { signed_url, .. } = &load {
        assert!(signed_url.ends_with("secret"));
    }

    assert_eq!(ImageError::FirstMissing.loc().to_string(), "body.images.0");
    assert_eq!(
        ImageError::FirstMissing.to_response().body(),
        r#"{"detail":[{"loc":["body","images",0],"msg":"First image missing","type":"first_image_missing","url":"https://docs.fal.ai/errors/#first_image_missing"}]}"#,
    );

    let large = ImageError::TooLarge {
        limit: 4096,
        max_height: 2048,
        url: "https://example.com/big.png".into(),
    };
    assert_eq!(
        large.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"Too large","type":"too_large","url":"https://docs.fal.ai/errors/#too_large","ctx":{"max_width":4096,"max_height":2048},"input":"https://example.com/big.png"}]}"#,
    );

    let transient = ImageError::DecoderCrashed {
        retryable: true,
        backtrace: "at decode()".into(),
    };
    let response = transient.to_response();
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["x-fal-retryable"], "true");
    assert_eq!(
        response.body(),
        r#"{"detail":[{"loc":["body"],"msg":"Decoder crashed","type":"decoder_crashed","url":"https://docs.fal.ai/errors/#decoder_crashed"}]}"#,
    );
    if let ImageError::DecoderCrashed { backtrace, .. } = &transient {
        assert!(!response.body().contains(backtrace.as_str()));
    }
    let permanent = ImageError::DecoderCrashed {
        retryable: false,
        backtrace: String::new(),
    };
    assert_eq!(
        permanent.to_response().headers()["x-fal-retryable"],
        "false"
    );
}
