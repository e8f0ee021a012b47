use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(loc = [])]
    TooLarge,
}

fn main() {}
