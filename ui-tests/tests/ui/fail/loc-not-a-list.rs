use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(loc = "image_url")]
    TooLarge,
}

fn main() {}
