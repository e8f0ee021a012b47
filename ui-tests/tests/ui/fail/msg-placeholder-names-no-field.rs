use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(type = "lora_not_found", msg = "LoRA {nmae} was not found")]
    LoraNotFound {
        #[fal(ctx)]
        name: String,
    },
}

fn main() {}
