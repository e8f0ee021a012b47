//! The README's feature list is the one the crate docs render from `Cargo.toml`'s `##`
//! comments, and every feature has such a comment.

const RENDERED: &str = document_features::document_features!();
const BEGIN: &str = "<!-- features: rendered from fal-error/Cargo.toml by document-features -->";
const END: &str = "<!-- end of features -->";

#[test]
fn readme_lists_the_features_of_cargo_toml() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find(BEGIN)
        .expect("README.md lacks the features marker")
        + BEGIN.len();
    let len = readme[start..]
        .find(END)
        .expect("README.md lacks the end-of-features marker");
    let listed = readme[start..start + len].trim();
    if listed != RENDERED.trim() && std::env::var_os("FAL_ERROR_BLESS").is_some() {
        let blessed = format!(
            "{}\n{}\n{}",
            &readme[..start],
            RENDERED.trim(),
            &readme[start + len..]
        );
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
        std::fs::write(path, blessed).expect("README.md is writable");
        return;
    }
    assert_eq!(
        listed,
        RENDERED.trim(),
        "README.md's feature list differs from fal-error/Cargo.toml: rerun with FAL_ERROR_BLESS=1 to rewrite it",
    );
}

#[test]
fn every_feature_has_a_doc_comment() {
    let manifest = include_str!("../Cargo.toml");
    let (_, features) = manifest
        .split_once("\n[features]\n")
        .expect("no [features] table");
    let features = features.split("\n[").next().unwrap_or(features);
    let names = features
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = ").map(|(name, _)| name.trim()));
    let mut seen = 0;
    for name in names.filter(|name| *name != "default") {
        seen += 1;
        assert!(
            RENDERED.contains(&format!("**`{name}`**")),
            "feature `{name}` has no `## ` comment above it in fal-error/Cargo.toml",
        );
    }
    assert!(
        seen >= 5,
        "only {seen} features found: is the [features] table still parsed?"
    );
}
