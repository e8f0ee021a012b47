use fal_error::FalError;

// A fill character needs an alignment after it (`{name:€>width$}`); the derive passes
// the spec to `format!`, which says so, and does not panic on the multi-byte fill.
#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(msg = "{name:€width$}")]
    Padded {
        #[fal(ctx)]
        name: String,
        width: usize,
    },
}

fn main() {}
