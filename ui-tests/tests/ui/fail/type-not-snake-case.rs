use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(type = "ImageTooLarge")]
    TooLarge,
}

fn main() {}
