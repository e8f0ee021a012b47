use fal_error::{FalError, ModelError};

// `#[error(transparent)]` forwards `Display` only: without `#[fal(transparent)]` every
// embedded built-in would be sent as the type `model`.
#[derive(Debug, thiserror::Error, FalError)]
#[fal(display)]
enum UpscaleError {
    #[error(transparent)]
    Model(ModelError),
}

fn main() {}
