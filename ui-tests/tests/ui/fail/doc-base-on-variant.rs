use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(doc_base = "https://docs.example.com/errors/")]
    TooLarge,
}

fn main() {}
