use fal_error::FalError;

#[derive(Debug, FalError)]
#[fal(display)]
enum UpscaleError {
    TooLarge,
}

fn main() {}
