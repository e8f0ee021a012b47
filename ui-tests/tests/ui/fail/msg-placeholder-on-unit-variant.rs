use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(msg = "LoRA {name} was not found")]
    LoraNotFound,
}

fn main() {}
