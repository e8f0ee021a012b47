use fal_error::FalError;

#[derive(Debug)]
struct Lora {
    name: String,
}

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(msg = "LoRA {lora} was not found")]
    LoraNotFound { lora: Lora },
}

fn main() {}
