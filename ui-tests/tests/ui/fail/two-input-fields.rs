use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(input)]
        url: String,
        #[fal(input)]
        width: u32,
    },
}

fn main() {}
