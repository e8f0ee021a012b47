use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(status = 422)]
        max_width: u32,
    },
}

fn main() {}
