use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(msg = "LoRA {name:>widht$} was not found")]
    LoraNotFound { name: String, width: usize },
}

fn main() {}
