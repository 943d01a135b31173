//! Watching design files for changes (`archc watch`), with notify.
//!
//! [`watch`] calls back once per changed file after its events settle (debounced), and keeps
//! running whatever the callback meets: a file that is briefly invalid or missing while an
//! editor saves it is the callback's to report, and the next save calls it again.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_mini::new_debouncer;
use notify_debouncer_mini::notify::RecursiveMode;

/// How long a file's events must pause before the callback runs: 150 milliseconds.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Why watching could not start or stopped.
#[derive(Debug)]
pub enum WatchError {
    /// A path to watch has no directory that exists (the path as given, and the reason).
    Path(PathBuf, String),
    /// The operating system's file watcher failed.
    Notify(String),
}

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WatchError::Path(p, e) => write!(f, "cannot watch `{}`: {e}", p.display()),
            WatchError::Notify(e) => write!(f, "the file watcher failed: {e}"),
        }
    }
}

impl std::error::Error for WatchError {}

/// Watches `paths` and calls `on_change` with a path (as given) each time that file is written,
/// created, replaced or removed, [`DEBOUNCE`] after its last event. Runs until the watcher
/// fails; never returns otherwise.
///
/// The files' directories are watched rather than the files, so a save that replaces the file
/// (write to a temporary file, then rename) is seen, and so is a file that is created after
/// watching starts. Errors: [`WatchError::Path`] when a file's directory does not exist,
/// [`WatchError::Notify`] when the watcher cannot start or fails.
pub fn watch(paths: &[PathBuf], mut on_change: impl FnMut(&Path)) -> Result<(), WatchError> {
    watch_until(paths, DEBOUNCE, |p| {
        on_change(p);
        ControlFlow::Continue(())
    })
}

/// [`watch`] with its debounce delay, and a callback that may stop it by returning
/// [`ControlFlow::Break`] (then this returns `Ok(())`).
pub fn watch_until(
    paths: &[PathBuf],
    debounce: Duration,
    mut on_change: impl FnMut(&Path) -> ControlFlow<()>,
) -> Result<(), WatchError> {
    // Each watched file as given and as the watcher will name it: its canonical directory
    // joined with its file name.
    let mut targets: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .ok_or_else(|| WatchError::Path(path.clone(), "not a file name".into()))?;
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = parent
            .canonicalize()
            .map_err(|e| WatchError::Path(path.clone(), e.to_string()))?;
        targets.push((path.clone(), dir.join(name)));
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    let (tx, rx) = mpsc::channel();
    let mut debouncer =
        new_debouncer(debounce, tx).map_err(|e| WatchError::Notify(e.to_string()))?;
    for dir in &dirs {
        debouncer
            .watcher()
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| WatchError::Notify(e.to_string()))?;
    }
    for batch in rx {
        // A failed batch (e.g. an event queue overflow) is skipped: the next save is seen.
        let Ok(events) = batch else { continue };
        // Each changed file once per batch, in the order the files were given.
        for (given, resolved) in &targets {
            if events.iter().any(|e| &e.path == resolved) && on_change(given).is_break() {
                return Ok(());
            }
        }
    }
    Err(WatchError::Notify("the watcher stopped".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a watcher on `files` in a thread that stops after `count` changes; returns the
    /// receiver of the changed paths.
    fn spawn(files: Vec<PathBuf>, count: usize) -> mpsc::Receiver<PathBuf> {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut seen = 0;
            let _ = watch_until(&files, Duration::from_millis(50), |p| {
                let _ = tx.send(p.to_path_buf());
                seen += 1;
                if seen >= count {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            });
        });
        // Let the watcher start.
        std::thread::sleep(Duration::from_millis(300));
        rx
    }

    #[test]
    fn sees_writes_and_replacing_saves_of_the_watched_file_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.arch");
        let other = dir.path().join("b.arch");
        std::fs::write(&file, "client a\n").unwrap();
        let rx = spawn(vec![file.clone()], 2);

        std::fs::write(&other, "client b\n").unwrap();
        std::fs::write(&file, "client a2\n").unwrap();
        let first = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("a write is seen");
        assert_eq!(first, file);

        // An editor's atomic save: write elsewhere, then rename over the file.
        std::thread::sleep(Duration::from_millis(200));
        let tmp = dir.path().join(".a.arch.tmp");
        std::fs::write(&tmp, "client a3\n").unwrap();
        std::fs::rename(&tmp, &file).unwrap();
        let second = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("a replacing save is seen");
        assert_eq!(second, file);
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let err = watch_until(
            &[PathBuf::from("/nonexistent-archc-dir/a.arch")],
            DEBOUNCE,
            |_| ControlFlow::Break(()),
        )
        .unwrap_err();
        assert!(matches!(err, WatchError::Path(..)), "{err}");
    }
}
