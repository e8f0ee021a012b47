use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(status)]
    TooLarge,
}

fn main() {}
