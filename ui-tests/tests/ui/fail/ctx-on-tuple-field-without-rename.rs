use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge(#[fal(ctx)] u32),
}

fn main() {}
