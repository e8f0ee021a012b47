use fal_error::FalError;

#[derive(Debug, FalError)]
enum AuthError {
    InvalidKey {
        #[fal(ctx, input, redact)]
        api_key: String,
    },
}

fn main() {}
