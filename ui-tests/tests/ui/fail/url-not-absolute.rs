use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(url = "/errors#too_large")]
    TooLarge,
}

fn main() {}
