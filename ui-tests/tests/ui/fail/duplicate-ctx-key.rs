use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(ctx)]
        max_width: u32,
        #[fal(ctx, rename = "max_width")]
        limit: u32,
    },
}

fn main() {}
