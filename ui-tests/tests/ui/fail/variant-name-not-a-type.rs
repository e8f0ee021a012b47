use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    _Internal,
}

fn main() {}
