//! Fuzz target: `archc::fuzzing::compile_and_review` (see its documentation for the properties checked).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| archc::fuzzing::compile_and_review(data));
