use fal_error::FalError;

#[derive(Debug, FalError)]
enum LoraError {
    #[fal(msg = "No such LoRA")]
    NotFound,
}

#[derive(Debug, FalError)]
enum CheckpointError {
    #[fal(msg = "No such checkpoint")]
    NotFound,
}

// Both embedded enums send `not_found`.
#[derive(Debug, FalError)]
enum ServiceError {
    #[fal(transparent)]
    Lora(LoraError),
    #[fal(transparent)]
    Checkpoint(CheckpointError),
}

fn main() {}
