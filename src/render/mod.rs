//! The render stage: one module per output format. Renderers decide nothing that the analysis
//! or the layout should decide; they turn the model, the review and the geometry into text.

pub mod book;
pub mod diagram;
pub(crate) mod english;
pub mod html;
pub mod icons;
pub mod layout_json;
pub mod markdown;
pub mod png;
pub mod review;
pub mod sarif;
pub mod svg;
pub mod writeup;

pub use layout_json::layout_json;
pub use png::{pdf, png};
pub use svg::{render_svg, svg, SvgOptions, Theme};
