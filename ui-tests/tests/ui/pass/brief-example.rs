// The example of the brief, verbatim, and what it sends.
use fal_error::FalError;
#[rustfmt::skip]
#[derive(Debug, FalError)]
enum MyError {
    #[fal(type = "image_too_large", status = 422, retryable = false)]
    ImageTooLarge { #[fal(ctx)] max_height: u32, #[fal(ctx)] max_width: u32 },
}

fn main() {
    let error = MyError::ImageTooLarge {
        max_height: 1024,
        max_width: 2048,
    };
    assert_eq!(error.error_type(), "image_too_large");
    assert_eq!(error.status(), 422);
    assert!(!error.retryable());
    assert_eq!(error.msg(), "Image too large");
    assert_eq!(error.url(), "https://docs.fal.ai/errors/#image_too_large");

    let response = error.to_response();
    assert_eq!(response.status(), 422);
    assert_eq!(response.headers()["x-fal-retryable"], "false");
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(
        response.body(),
        r#"{"detail":[{"loc":["body"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large","ctx":{"max_height":1024,"max_width":2048}}]}"#,
    );

    let placed = MyError::ImageTooLarge {
        max_height: 1024,
        max_width: 2048,
    }
    .at("image_url")
    .with_input("https://example.com/big.png");
    assert_eq!(
        placed.to_response().body(),
        r#"{"detail":[{"loc":["body","image_url"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large","ctx":{"max_height":1024,"max_width":2048},"input":"https://example.com/big.png"}]}"#,
    );
}
