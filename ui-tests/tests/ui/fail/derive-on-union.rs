use fal_error::FalError;

#[derive(Clone, Copy, FalError)]
union UpscaleError {
    width: u32,
    height: u32,
}

impl std::fmt::Debug for UpscaleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UpscaleError")
    }
}

fn main() {}
