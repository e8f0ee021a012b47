use fal_error::FalError;

#[derive(Clone, Debug)]
struct Place {
    field: String,
}

#[derive(Debug, FalError)]
enum UpscaleError {
    TooLarge {
        #[fal(loc)]
        at: Place,
    },
}

fn main() {}
