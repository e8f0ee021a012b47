use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(ctxx)]
        max_width: u32,
    },
}

fn main() {}
