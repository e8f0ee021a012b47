use fal_error::FalError;

#[derive(Debug, FalError)]
#[fal(crate = 42)]
enum UpscaleError {
    TooLarge,
}

fn main() {}
