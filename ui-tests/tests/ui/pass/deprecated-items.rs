// `#[deprecated]` on the enum, on unit, struct and tuple variants, and on fields used as
// ctx, input, loc, retryable and transparent: no warning, as serde's derive on the same
// items.
#![deny(warnings, clippy::pedantic)]

use fal_error::{FalError, Loc, ModelError};

#[deprecated = "use NewError"]
#[derive(Debug, FalError)]
#[fal(display)]
enum OldError {
    #[deprecated]
    #[fal(msg = "Gone")]
    Unit,
    #[deprecated]
    #[fal(msg = "Too wide: {width}", status = 503)]
    Struct {
        #[deprecated]
        #[fal(ctx)]
        width: u32,
        #[deprecated]
        #[fal(input)]
        given: String,
        #[deprecated]
        #[fal(loc)]
        at: Loc,
        #[deprecated]
        #[fal(retryable)]
        retry: bool,
    },
    #[deprecated]
    #[fal(msg = "{0}")]
    Tuple(
        #[deprecated]
        #[fal(ctx, rename = "n")]
        u8,
    ),
    #[deprecated]
    #[fal(transparent)]
    Model(#[deprecated] ModelError),
    #[deprecated]
    Shown,
}

#[allow(deprecated)] // the user's own code names the deprecated items
impl std::fmt::Display for OldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("old")
    }
}

#[deprecated]
#[derive(Debug, FalError)]
#[fal(status = 404)]
struct OldStruct {
    #[deprecated]
    #[fal(ctx)]
    id: u64,
}

#[allow(deprecated)]
fn main() {
    assert_eq!(OldError::Unit.msg(), "Gone");
    let wide = OldError::Struct {
        width: 9,
        given: "w".into(),
        at: Loc::body().key("w"),
        retry: true,
    };
    assert_eq!(
        wide.to_response().body(),
        r#"{"detail":[{"loc":["body","w"],"msg":"Too wide: 9","type":"struct","url":"https://docs.fal.ai/errors/#struct","ctx":{"width":9},"input":"w"}]}"#,
    );
    assert!(wide.retryable());
    assert_eq!(OldError::Tuple(1).msg(), "1");
    assert_eq!(
        OldError::Model(ModelError::NoMediaGenerated).error_type(),
        "no_media_generated"
    );
    assert_eq!(OldError::Shown.msg(), "old");
    assert_eq!(OldStruct { id: 7 }.status(), 404);
    assert_eq!(OldError::catalog().len(), 4 + 31);
}
