use fal_error::FalError;

#[derive(Debug, FalError)]
#[fal(url = "https://docs.example.com/errors/upscale")]
enum UpscaleError {
    TooLarge,
}

fn main() {}
