use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(loc = ["body", image_url])]
    TooLarge,
}

fn main() {}
