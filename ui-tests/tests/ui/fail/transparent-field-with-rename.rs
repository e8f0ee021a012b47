use fal_error::{FalError, ModelError};

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(transparent)]
    Model(#[fal(rename = "model")] ModelError),
}

fn main() {}
