use fal_error::FalError;

// One mistake, one error: the unreadable value, not also "a 503 must state retryable".
#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(status = 503, retryable = ture)]
    Busy,
}

fn main() {}
