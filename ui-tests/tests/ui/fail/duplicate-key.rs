use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(status = 422, status = 400)]
    TooLarge,
}

fn main() {}
