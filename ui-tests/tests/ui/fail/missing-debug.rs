use fal_error::FalError;

#[derive(FalError)]
enum UpscaleError {
    #[fal(type = "image_too_large")]
    TooLarge,
}

fn main() {}
