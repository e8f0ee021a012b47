use fal_error::FalError;

#[derive(Debug, FalError)]
#[fal(status = 503)]
enum ServiceError {
    Overloaded,
    WarmingUp,
    #[fal(retryable = true)]
    Draining,
}

fn main() {}
