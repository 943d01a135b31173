//! Checking committed outputs against what their sources produce now (`archc build --check`).
//!
//! A repository that commits `design.svg` and `design.md` beside `design.arch` wants CI to fail
//! when someone edits the design and forgets to rebuild. [`check_outputs`] compares the bytes a
//! build would write with the files on disk, writing nothing.

use std::path::{Path, PathBuf};

/// Why an output is stale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Staleness {
    /// The file does not exist.
    Missing,
    /// The file exists and its bytes differ from what the build would write.
    Differs,
    /// The file cannot be read (the message of the I/O error).
    Unreadable(String),
}

/// An output that a build would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    /// The output's path, as planned.
    pub path: PathBuf,
    /// Why it is stale.
    pub reason: Staleness,
}

impl std::fmt::Display for Stale {
    /// `PATH (missing)`, `PATH (differs)` or `PATH (unreadable: …)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        match &self.reason {
            Staleness::Missing => write!(f, "{path} (missing)"),
            Staleness::Differs => write!(f, "{path} (differs)"),
            Staleness::Unreadable(e) => write!(f, "{path} (unreadable: {e})"),
        }
    }
}

/// Compares planned outputs, `(path, bytes the build would write)`, with the files on disk and
/// returns the stale ones in the order given. Writes nothing; an empty result means every
/// output is current.
///
/// ```
/// use archc::shell::outputs::{check_outputs, Staleness};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("design.md");
/// std::fs::write(&path, "# Old\n").unwrap();
/// let stale = check_outputs([(path.as_path(), "# New\n".as_bytes())]);
/// assert_eq!(stale[0].reason, Staleness::Differs);
/// assert!(check_outputs([(path.as_path(), "# Old\n".as_bytes())]).is_empty());
/// ```
pub fn check_outputs<'a, P, B>(planned: impl IntoIterator<Item = (&'a P, &'a B)>) -> Vec<Stale>
where
    P: AsRef<Path> + ?Sized + 'a,
    B: AsRef<[u8]> + ?Sized + 'a,
{
    planned
        .into_iter()
        .filter_map(|(path, bytes)| {
            let path = path.as_ref();
            let reason = match std::fs::read(path) {
                Ok(on_disk) if on_disk == bytes.as_ref() => return None,
                Ok(_) => Staleness::Differs,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Staleness::Missing,
                Err(e) => Staleness::Unreadable(e.to_string()),
            };
            Some(Stale {
                path: path.to_path_buf(),
                reason,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_missing_and_differing_files_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let same = dir.path().join("same.svg");
        let changed = dir.path().join("changed.md");
        let missing = dir.path().join("missing.md");
        std::fs::write(&same, "<svg/>").unwrap();
        std::fs::write(&changed, "old").unwrap();
        let planned: Vec<(PathBuf, Vec<u8>)> = vec![
            (missing.clone(), b"x".to_vec()),
            (same.clone(), b"<svg/>".to_vec()),
            (changed.clone(), b"new".to_vec()),
        ];
        let stale = check_outputs(planned.iter().map(|(p, b)| (p, b)));
        assert_eq!(
            stale,
            vec![
                Stale {
                    path: missing,
                    reason: Staleness::Missing
                },
                Stale {
                    path: changed.clone(),
                    reason: Staleness::Differs
                },
            ]
        );
        assert_eq!(
            stale[1].to_string(),
            format!("{} (differs)", changed.display())
        );
        // Nothing was written.
        assert_eq!(std::fs::read_to_string(&changed).unwrap(), "old");
    }

    #[test]
    fn a_directory_in_the_way_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let stale = check_outputs([(dir.path(), b"x".as_slice())]);
        assert!(
            matches!(stale[0].reason, Staleness::Unreadable(_)),
            "{stale:?}"
        );
    }
}
