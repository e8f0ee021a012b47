use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(transparent)]
    Io(std::io::Error),
}

fn main() {}
