use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(type = "gpu_out_of_memory", status = 503)]
    OutOfMemory,
}

fn main() {}
