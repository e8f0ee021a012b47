use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(type = "ImageTooLarge", status = 200)]
    TooLarge {
        #[fal(ctx)]
        max_width: u32,
    },
    #[fal(status = 503, msg = "LoRA {nmae} was not found")]
    LoraNotFound { name: String },
    #[fal(stauts = 422)]
    Busy,
}

fn check(error: &dyn FalError) -> bool {
    error.retryable()
}

fn main() {
    let error = UpscaleError::Busy;
    let _ = check(&error);
    let _ = error.to_response();
}
