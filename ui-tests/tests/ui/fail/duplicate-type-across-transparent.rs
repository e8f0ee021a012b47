use fal_error::{FalError, ModelError};

// A custom `internal_server_error` beside the embedded `ModelError`, which sends it too.
#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(status = 500, retryable = true)]
    InternalServerError,
    #[fal(transparent)]
    Model(ModelError),
}

fn main() {}
