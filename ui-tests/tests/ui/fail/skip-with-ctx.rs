use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(skip, ctx)]
        max_width: u32,
    },
}

fn main() {}
