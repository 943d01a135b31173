//! Reading sources and writing outputs, shared by the CLI and the mdBook preprocessor.
//!
//! Reading turns every failure into a [`Diagnostic`] (`E0401` missing or unreadable file,
//! `E0402` not UTF-8, with the line and column of the first bad byte, `E0110` larger than
//! [`crate::syntax::limits::MAX_INPUT_BYTES`]). Writing is atomic: the bytes go to a temporary
//! file in the target's directory, which is then renamed over the target, so a failed run never
//! leaves a half-written file; the file gets the mode the umask gives a new file, or keeps the
//! mode of the file it replaces.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::diagnostic::{line_col, Diagnostic, DiagnosticKind, Span};
use crate::syntax::limits::MAX_INPUT_BYTES;

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
/// UTF-8 (pointing at the first invalid byte), `E0110` when it is larger than
/// [`MAX_INPUT_BYTES`] (read no further than that).
pub fn load(path: &Path) -> Result<Source, Box<LoadError>> {
    let name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    // At most one byte more than the limit is read: a larger input is refused unread.
    let limit = MAX_INPUT_BYTES as u64 + 1;
    let mut buf = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().take(limit).read_to_end(&mut buf)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut buf))
    };
    let bytes = read.map(|_| buf);
    let bytes = bytes.map_err(|e| {
        let file = name.clone();
        let kind = match e.kind() {
            std::io::ErrorKind::NotFound => DiagnosticKind::FileNotFound { file },
            std::io::ErrorKind::IsADirectory => DiagnosticKind::IsADirectory { file },
            _ => DiagnosticKind::Unreadable {
                file,
                reason: e.to_string(),
            },
        };
        Box::new(LoadError {
            name: name.clone(),
            text: String::new(),
            diagnostic: Diagnostic::new(kind),
        })
    })?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Box::new(LoadError {
            diagnostic: Diagnostic::new(DiagnosticKind::FileTooLarge {
                file: name.clone(),
                max: MAX_INPUT_BYTES,
            }),
            name,
            text: String::new(),
        }));
    }
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
                diagnostic: Diagnostic::new(DiagnosticKind::NotUtf8 {
                    file: name.clone(),
                    byte: bytes[valid],
                    line,
                    column,
                })
                .at(Span::new(valid, valid)),
                text,
            }))
        }
    }
}

/// An output that could not be written: which file, and the system's error.
#[derive(Debug)]
pub struct WriteError {
    /// The file (or directory) that could not be written.
    pub path: PathBuf,
    /// Why.
    pub error: std::io::Error,
}

impl WriteError {
    /// The `E0403` diagnostic for it.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new(DiagnosticKind::CannotWrite {
            path: self.path.display().to_string(),
            reason: self.error.to_string(),
        })
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Writes `bytes` to `path` atomically: to a temporary file beside it, then renamed over it.
///
/// The file ends up with the mode a new file gets from the umask (`0666 & !umask`, as `touch`
/// or a shell redirection would create it) or, when it replaces a file, that file's mode.
///
/// Errors: the path and the I/O error; `path` is then untouched and no temporary file is
/// left.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_all_atomic(&[(path, bytes)])
}

/// Writes several files as one step: every file is first written in full to a temporary
/// file beside its target, and only when all of them are, each is renamed over its target.
/// Modes as in [`write_atomic`].
///
/// Errors: the first I/O error, with its path. A failure while writing leaves
/// every target untouched and no temporary file; only a rename can fail after others have
/// been done (a target that turned into a directory meanwhile), and then the targets renamed
/// before it hold their new bytes.
pub fn write_all_atomic<P: AsRef<Path>, B: AsRef<[u8]>>(
    files: &[(P, B)],
) -> Result<(), WriteError> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let path = path.as_ref();
        staged.push((path, stage(path, bytes.as_ref()).map_err(with_path(path))?));
    }
    for (path, tmp) in staged {
        tmp.persist(path).map_err(|e| with_path(path)(e.error))?;
    }
    Ok(())
}

/// The I/O error `error` about `path`.
fn with_path(path: &Path) -> impl Fn(std::io::Error) -> WriteError + '_ {
    move |error| WriteError {
        path: path.to_path_buf(),
        error,
    }
}

/// Writes `bytes` to a new temporary file in `path`'s directory, with the mode `path` will
/// have. The temporary file is removed when it is dropped without being persisted.
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a directory",
        ));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".archc-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // The kernel applies the umask to the mode given when the file is created.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Some(existing) = existing.filter(|m| m.is_file()) {
        tmp.as_file().set_permissions(existing.permissions())?;
    }
    tmp.as_file().sync_all()?;
    Ok(tmp)
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
    fn a_file_over_the_size_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.arch");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(MAX_INPUT_BYTES as u64 + 1).unwrap();
        let err = load(&path).unwrap_err();
        assert_eq!(err.diagnostic.code, "E0110");
        assert!(err.diagnostic.help.is_some());
        f.set_len(MAX_INPUT_BYTES as u64).unwrap();
        // Exactly at the limit: read (and then NUL bytes are valid UTF-8).
        assert_eq!(load(&path).unwrap().text.len(), MAX_INPUT_BYTES);
    }

    #[test]
    fn a_failed_write_leaves_the_targets_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.svg");
        let blocked = dir.path().join("b.md");
        std::fs::create_dir(&blocked).unwrap();
        let err = write_all_atomic(&[(&first, b"a"), (&blocked, b"b")]).unwrap_err();
        assert!(err.to_string().contains("b.md"), "{err}");
        assert!(!first.exists(), "nothing is written when one file fails");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["b.md"], "no temporary file is left behind");
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
