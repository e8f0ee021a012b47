use fal_error::FalError;

// One mistake, one error: the misspelled key, not also "a 503 must state retryable".
#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(status = 503, retryabel = true)]
    Busy,
}

fn main() {}
