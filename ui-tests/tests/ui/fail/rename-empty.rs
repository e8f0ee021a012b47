use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(ctx, rename = "")]
        max_width: u32,
    },
}

fn main() {}
