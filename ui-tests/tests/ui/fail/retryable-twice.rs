use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(status = 503, retryable = true)]
    Busy {
        #[fal(retryable)]
        retryable: bool,
    },
}

fn main() {}
