//! Raster and print pictures of a diagram: PNG through resvg and PDF through svg2pdf, both with
//! the embedded DejaVu Sans font ([`crate::layout::text::font_data`]) and no system fonts, so
//! that the pictures are the same on every machine and match the layout's text measurements.
//! In the PDF, text is drawn as outlines of those glyphs (exact, but not selectable).

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::layout::text::font_data;

/// The font database holding only the embedded font, shared by every conversion.
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(font_data().to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        db.set_serif_family("DejaVu Sans");
        db.set_monospace_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

/// Parses an SVG document with the embedded font.
fn tree(svg: &str) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        font_family: "DejaVu Sans".to_string(),
        fontdb: fontdb(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| format!("cannot read the SVG: {e}"))
}

/// The size of an SVG document in user units: `(width, height)` from its `width`, `height`
/// and `viewBox`. Errors when the document cannot be parsed.
pub fn svg_size(svg: &str) -> Result<(f32, f32), String> {
    let t = tree(svg)?;
    Ok((t.size().width(), t.size().height()))
}

/// Renders an SVG document (as made by [`super::svg::svg`]) to PNG bytes, `scale` pixels per
/// SVG user unit: the image is `ceil(width × scale)` by `ceil(height × scale)` pixels.
///
/// Errors when the SVG cannot be parsed, when `scale` is not a positive finite number, or when
/// the image would be empty or larger than 32,767 pixels on a side.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(format!("the scale must be a positive number, not {scale}"));
    }
    let t = tree(svg)?;
    let w = (t.size().width() * scale).ceil();
    let h = (t.size().height() * scale).ceil();
    if !(1.0..=32767.0).contains(&w) || !(1.0..=32767.0).contains(&h) {
        return Err(format!(
            "a {w} × {h} pixel image is too large or empty; choose another scale"
        ));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w as u32, h as u32)
        .ok_or_else(|| format!("cannot allocate a {w} × {h} pixel image"))?;
    resvg::render(
        &t,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}

/// Converts an SVG document (as made by [`super::svg::svg`]) to a one-page PDF of the same size
/// (one SVG user unit per PDF point), its text drawn as outlines of the embedded font's glyphs.
///
/// Errors when the SVG cannot be parsed or the PDF cannot be written.
pub fn pdf(svg: &str) -> Result<Vec<u8>, String> {
    // Text is turned into paths here, with the embedded font, so that the PDF needs no font
    // handling of its own.
    let outlined = tree(svg)?.to_string(&usvg::WriteOptions::default());
    let t = tree(&outlined)?;
    svg2pdf::to_pdf(
        &t,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions::default(),
    )
    .map_err(|e| format!("cannot write the PDF: {e}"))
}
