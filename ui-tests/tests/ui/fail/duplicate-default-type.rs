use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(msg = "The image is too wide")]
    ImageTooLarge,
    #[fal(type = "image_too_large", msg = "The image is too tall")]
    TooTall,
}

fn main() {}
