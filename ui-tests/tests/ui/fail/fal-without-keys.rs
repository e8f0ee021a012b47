use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal = "image_too_large"]
    TooLarge,
}

fn main() {}
