use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(rename = "max_width")]
        limit: u32,
    },
}

fn main() {}
