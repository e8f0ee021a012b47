use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(type = "4k_image")]
    TooLarge,
}

fn main() {}
