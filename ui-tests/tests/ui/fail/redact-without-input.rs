use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(ctx, redact)]
        api_key: String,
    },
}

fn main() {}
