use fal_error::{FalError, ModelError};

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(transparent, type = "model_error")]
    Model(ModelError),
}

fn main() {}
