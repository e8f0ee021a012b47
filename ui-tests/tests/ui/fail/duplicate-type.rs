use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(type = "image_too_large")]
    TooWide,
    #[fal(type = "image_too_large")]
    TooTall,
}

fn main() {}
