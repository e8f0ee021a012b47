use fal_error::FalError;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(msg = "Ratio {ratio:.*}")]
    BadRatio { ratio: f64, digits: usize },
}

fn main() {}
