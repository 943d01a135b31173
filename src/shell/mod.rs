//! What a program around the library needs from the file system: reading a design (with its
//! limits and diagnostics), writing outputs atomically, telling stale outputs from fresh ones,
//! and watching files for saves. The CLI, the mdBook preprocessor, the language server and the
//! live preview share it.

pub mod io;
pub mod outputs;
pub mod watch;
