//! Names derived from names: a variant's default `type`, a type's default `msg`, and the
//! "did you mean" of error messages.
//!
//! The case conversions are our own: heck's `to_snake_case` drops a leading underscore
//! (`_Internal` would silently become `internal` instead of being refused) and joins a
//! capital after a digit (`X1Y` -> `x1y`, not `x1_y`), which would change the `type` that
//! existing enums send; heck has no sentence case for `humanize`.

/// `ImageTooLarge` -> `image_too_large`, `HTTPTimeout` -> `http_timeout`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.trim_start_matches("r#").chars().collect();
    let mut snake = String::with_capacity(name.len() + 4);
    for (position, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let after_lower = position > 0
                && (chars[position - 1].is_lowercase() || chars[position - 1].is_ascii_digit());
            let ends_acronym = position > 0
                && chars[position - 1].is_uppercase()
                && chars
                    .get(position + 1)
                    .is_some_and(|next| next.is_lowercase());
            if after_lower || ends_acronym {
                snake.push('_');
            }
            snake.extend(c.to_lowercase());
        } else if c == '-' || c == ' ' {
            snake.push('_');
        } else {
            snake.push(c);
        }
    }
    snake
}

/// `image_too_large` -> `Image too large`: the spec's own message for such types.
pub fn humanize(error_type: &str) -> String {
    let spaced = error_type.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// Whether `error_type` is `[a-z][a-z0-9_]*`.
pub fn is_valid_type(error_type: &str) -> bool {
    let mut chars = error_type.chars();
    chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The candidate closest to `name`, when one is close enough to be a typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::levenshtein(name, candidate), candidate))
        .filter(|&(distance, candidate)| distance <= 2.max(candidate.len() / 3))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_cases_variant_names() {
        assert_eq!(snake_case("ImageTooLarge"), "image_too_large");
        assert_eq!(snake_case("HTTPTimeout"), "http_timeout");
        assert_eq!(snake_case("Lora2Missing"), "lora2_missing");
        assert_eq!(snake_case("OneOf"), "one_of");
        assert_eq!(snake_case("A"), "a");
    }

    #[test]
    fn humanizes_types_like_the_spec() {
        assert_eq!(humanize("image_too_large"), "Image too large");
        assert_eq!(humanize("file_download_error"), "File download error");
        assert_eq!(humanize("x"), "X");
    }

    #[test]
    fn validates_types() {
        assert!(is_valid_type("image_too_large"));
        assert!(is_valid_type("a1_b"));
        assert!(!is_valid_type("Image"));
        assert!(!is_valid_type("1abc"));
        assert!(!is_valid_type("image-too-large"));
        assert!(!is_valid_type(""));
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(did_you_mean("nmae", ["name", "url"]), Some("name"));
        assert_eq!(did_you_mean("zzzzzz", ["name", "url"]), None);
    }
}
