use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(msg = 42)]
    TooLarge,
}

fn main() {}
