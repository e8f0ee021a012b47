use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(status = 200)]
    TooLarge,
}

fn main() {}
