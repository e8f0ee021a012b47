use fal_error::{FalError, ModelError};

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(transparent, msg = "The model failed")]
    Model(ModelError),
}

fn main() {}
