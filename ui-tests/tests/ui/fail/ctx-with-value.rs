use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(ctx = "limit")]
        max_width: u32,
    },
}

fn main() {}
