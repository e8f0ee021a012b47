use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(type = "image_too_large", status = 500, retryable = false)]
    TooLarge,
}

fn main() {}
