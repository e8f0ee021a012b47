use fal_error::{FalError, Loc};

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(loc = ["body", "image_url"])]
    TooLarge {
        #[fal(loc)]
        at: Loc,
    },
}

fn main() {}
