use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(retryable = "yes")]
    TooLarge,
}

fn main() {}
