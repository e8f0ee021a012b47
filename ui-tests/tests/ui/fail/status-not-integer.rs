use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(status = "422")]
    TooLarge,
}

fn main() {}
