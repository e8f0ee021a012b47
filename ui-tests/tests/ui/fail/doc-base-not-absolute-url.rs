use fal_error::FalError;

#[derive(Debug, FalError)]
#[fal(doc_base = "docs.example.com/errors/")]
enum UpscaleError {
    TooLarge,
}

fn main() {}
