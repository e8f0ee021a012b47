use fal_error::FalError;

#[derive(Debug)]
struct Image {
    width: u32,
}

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(input)]
        image: Image,
    },
}

fn main() {}
