use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(status = 503)]
    Busy {
        #[fal(retryable)]
        retry_after: u32,
    },
}

fn main() {}
