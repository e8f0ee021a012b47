use fal_error::FalError;

#[derive(Debug, FalError)]
#[fal(type = "image_too_large")]
enum UpscaleError {
    TooLarge,
}

fn main() {}
