//! The trybuild cases of `#[derive(FalError)]` live in `tests/ui/`; this crate has no code
//! of its own.
