use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(ctx)]
    TooLarge { max_width: u32 },
}

fn main() {}
