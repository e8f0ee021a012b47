use fal_error::FalError;

#[derive(Debug, FalError)]
enum AuthError {
    #[fal(msg = "Key {api_key} is not valid")]
    InvalidKey {
        #[fal(input, redact)]
        api_key: String,
    },
}

fn main() {}
