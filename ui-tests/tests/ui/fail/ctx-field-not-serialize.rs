use fal_error::FalError;

#[derive(Debug)]
struct Limits {
    max_width: u32,
}

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(ctx)]
        limits: Limits,
    },
}

fn main() {}
