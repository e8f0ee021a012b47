use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(type = "image_too_large", stauts = 422)]
    TooLarge,
}

fn main() {}
