// `#[fal(crate = ...)]`: the generated code names the runtime through a re-export.
use fal_error as renamed;

mod api {
    pub mod errors {
        pub use fal_error::*;
    }
}

#[derive(Debug, renamed::FalError)]
#[fal(crate = renamed)]
enum ViaAlias {
    #[fal(status = 404, msg = "No such model {0}")]
    ModelNotFound(#[fal(ctx, rename = "model")] String),
}

#[derive(Debug, api::errors::FalError)]
#[fal(crate = api::errors, status = 503, retryable = true)]
struct ViaModule;

fn main() {
    use renamed::FalError;

    let error = ViaAlias::ModelNotFound("flux".into());
    let response = error.to_response();
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.body(),
        r#"{"detail":[{"loc":["body"],"msg":"No such model flux","type":"model_not_found","url":"https://docs.fal.ai/errors/#model_not_found","ctx":{"model":"flux"}}]}"#,
    );

    assert_eq!(ViaModule.status(), 503);
    assert!(ViaModule.retryable());
    assert_eq!(ViaModule.error_type(), "via_module");
}
