//! Reading sources and writing outputs, shared by the CLI and the mdBook preprocessor.
//!
//! Reading turns every failure into a [`Diagnostic`] (`E0401` missing or unreadable file,
//! `E0402` not UTF-8, with the line and column of the first bad byte). Writing is atomic: the
//! bytes go to a temporary file in the target's directory, which is then renamed over the
//! target, so a failed run never leaves a half-written file.

use std::io::Write as _;
use std::path::Path;

use crate::diagnostic::{line_col, Diagnostic, Span};

/// A source file: the name shown in diagnostics and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The name shown to the user: the path as given, or `<stdin>`.
    pub name: String,
    /// The file's text.
    pub text: String,
}

impl Source {
    /// The file name without directory and extension, used as the default title and as the
    /// stem of output files (`<stdin>` gives `stdin`).
    pub fn stem(&self) -> String {
        if self.name == "<stdin>" {
            return "stdin".to_string();
        }
        Path::new(&self.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "design".to_string())
    }
}

/// A diagnostic about a file as a whole, with the text (possibly empty) it refers to.
#[derive(Clone, Debug)]
pub struct LoadError {
    /// The name of the file.
    pub name: String,
    /// The text the diagnostic's spans point into (the valid prefix for `E0402`).
    pub text: String,
    /// What went wrong.
    pub diagnostic: Diagnostic,
}

/// Reads a file, or standard input when `path` is `-`.
///
/// Errors: `E0401` when the file does not exist or cannot be read, `E0402` when it is not
/// UTF-8 (pointing at the first invalid byte).
pub fn load(path: &Path) -> Result<Source, Box<LoadError>> {
    let name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    let bytes = bytes.map_err(|e| {
        let (message, help) = match e.kind() {
            std::io::ErrorKind::NotFound => (
                format!("`{name}` does not exist"),
                "check the path; `archc` reads `.arch` files, or standard input when the file is `-`".to_string(),
            ),
            std::io::ErrorKind::IsADirectory => (
                format!("`{name}` is a directory"),
                "name the `.arch` files inside it".to_string(),
            ),
            _ => (
                format!("`{name}` cannot be read: {e}"),
                "check the file's permissions".to_string(),
            ),
        };
        Box::new(LoadError {
            name: name.clone(),
            text: String::new(),
            diagnostic: Diagnostic::error("E0401", message).with_help(help),
        })
    })?;
    from_bytes(name, bytes)
}

/// Decodes a file's bytes as UTF-8.
///
/// Errors: `E0402` pointing at the first invalid byte.
pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, Box<LoadError>> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source { name, text }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let (line, column) = line_col(&text, valid);
            Err(Box::new(LoadError {
                name: name.clone(),
                diagnostic: Diagnostic::error(
                    "E0402",
                    format!("`{name}` is not UTF-8: byte 0x{:02X} at line {line}, column {column} is not valid UTF-8", bytes[valid]),
                )
                .with_label(Span::new(valid, valid), "invalid byte here")
                .with_help("save the file as UTF-8"),
                text,
            }))
        }
    }
}

/// Writes `bytes` to `path` atomically: to a temporary file beside it, then renamed over it.
///
/// Errors: the I/O error, with the path in its message; `path` is then untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let with_path =
        |e: std::io::Error| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    let mut tmp = tempfile::Builder::new()
        .prefix(".archc-")
        .tempfile_in(dir)
        .map_err(with_path)?;
    tmp.write_all(bytes).map_err(with_path)?;
    tmp.as_file().sync_all().map_err(with_path)?;
    tmp.persist(path).map_err(|e| with_path(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let err = from_bytes("x.arch".into(), b"client a\nclient \xff".to_vec()).unwrap_err();
        assert_eq!(err.diagnostic.code, "E0402");
        assert!(
            err.diagnostic.message.contains("line 2, column 8"),
            "{}",
            err.diagnostic.message
        );
    }

    #[test]
    fn missing_file_is_e0401() {
        let err = load(Path::new("does/not/exist.arch")).unwrap_err();
        assert_eq!(err.diagnostic.code, "E0401");
    }

    #[test]
    fn write_atomic_replaces_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.svg");
        write_atomic(&path, b"first version, longer").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
