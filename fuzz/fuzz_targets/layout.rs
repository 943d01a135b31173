//! Fuzz target: `archc::fuzzing::layout_and_svg` (see its documentation for the properties checked).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| archc::fuzzing::layout_and_svg(data));
