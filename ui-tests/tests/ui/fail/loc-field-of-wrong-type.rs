use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(loc)]
        at: u32,
    },
}

fn main() {}
