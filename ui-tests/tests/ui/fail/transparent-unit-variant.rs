use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(transparent)]
    Model,
}

fn main() {}
