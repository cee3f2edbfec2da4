//! Finding the spec file of an `api!` call.

use std::path::{Path, PathBuf};

/// Reads the spec at `relative`: first relative to the calling crate's `Cargo.toml`, then to
/// the calling file (as `include_str!` does; tests compiled outside their crate need that).
/// Returns the absolute path, for `include_bytes!` to make cargo track the file, and the text;
/// or the message of a compile error naming every place it looked.
pub fn read_spec(relative: &str) -> Result<(String, String), String> {
    let candidates = candidates(relative);
    let found = candidates
        .iter()
        .find_map(|path| std::fs::read_to_string(path).ok().map(|text| (path, text)));
    let Some((path, text)) = found else {
        let looked = candidates
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" and ");
        return Err(format!(
            "cannot read the spec `{relative}` (looked for {looked})"
        ));
    };
    // `include_bytes!` resolves relative paths against the calling file, so the path that
    // makes cargo track the spec must be absolute.
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
    Ok((absolute.to_string_lossy().into_owned(), text))
}

fn candidates(relative: &str) -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        candidates.push(Path::new(&dir).join(relative));
    }
    if let Some(dir) = proc_macro::Span::call_site()
        .local_file()
        .and_then(|file| file.parent().map(Path::to_path_buf))
    {
        candidates.push(dir.join(relative));
    }
    candidates
}
