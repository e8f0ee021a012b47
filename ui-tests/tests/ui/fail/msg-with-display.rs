use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(msg = "Image too large", display)]
    TooLarge,
}

impl std::fmt::Display for UpscaleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("image too large")
    }
}

fn main() {}
