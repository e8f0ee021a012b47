use fal_error::FalError;

// `display` sends the `#[error]` text as `msg`, so a redacted input it shows would reach
// the wire.
#[derive(Debug, thiserror::Error, FalError)]
#[fal(display)]
enum LoginError {
    #[error("wrong password {password} for {user}")]
    WrongPassword {
        #[fal(ctx)]
        user: String,
        #[fal(input, redact)]
        password: String,
    },
}

fn main() {}
