//! Differences between two designs.
