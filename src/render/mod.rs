//! The render stage: one module per output format. Renderers decide nothing that the analysis
//! or the layout should decide; they turn the model, the review and the geometry into text.

pub mod review;
pub mod sarif;
