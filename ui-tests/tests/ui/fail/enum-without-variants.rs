use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {}

fn main() {}
