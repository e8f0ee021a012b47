use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError<#[fal(ctx)] T> {
    TooLarge {
        #[fal(ctx)]
        limit: T,
    },
}

fn main() {}
