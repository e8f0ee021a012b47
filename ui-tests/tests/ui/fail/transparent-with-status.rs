use fal_error::{FalError, ModelError};

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(transparent, status = 400)]
    Model(ModelError),
}

fn main() {}
