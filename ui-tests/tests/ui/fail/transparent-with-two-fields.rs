use fal_error::{FalError, ModelError};

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(transparent)]
    Model(ModelError, u32),
}

fn main() {}
