//! Fuzz target: `archc::fuzzing::fmt` (see its documentation for the properties checked).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| archc::fuzzing::fmt(data));
