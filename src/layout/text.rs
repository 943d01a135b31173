//! Text measurement from the embedded DejaVu Sans font.
//!
//! All widths are in SVG user units for a given font size (also in SVG user
//! units, i.e. the value of the `font-size` attribute). Widths are the sum of
//! the glyphs' horizontal advances (no kerning, no shaping), which is what a
//! browser or resvg produces for Latin text in DejaVu Sans to within a few
//! percent (kerning pairs in DejaVu Sans are small).

use std::sync::OnceLock;

/// The embedded font file (DejaVu Sans, see `assets/fonts/LICENSE-DejaVu.txt`).
static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// CSS `font-family` value the SVG renderer should use so that the rendered
/// text matches the measurements made here.
pub const FONT_FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

/// The raw bytes of the embedded DejaVu Sans TrueType font (for loading into
/// a rasteriser such as resvg's font database).
pub fn font_data() -> &'static [u8] {
    FONT_BYTES
}

/// Parsed advance widths, in font units, plus the font's units per em.
struct Metrics {
    units_per_em: f64,
    /// Advances of U+0000..U+00FF (Latin-1), the common case.
    latin1: [f64; 256],
    /// Advance of the `.notdef` glyph, used for characters the font lacks.
    fallback: f64,
    face: ttf_parser::Face<'static>,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let face = ttf_parser::Face::parse(FONT_BYTES, 0).expect("embedded DejaVu Sans parses");
        let units_per_em = f64::from(face.units_per_em());
        let fallback = f64::from(face.glyph_hor_advance(ttf_parser::GlyphId(0)).unwrap_or(0));
        let mut latin1 = [fallback; 256];
        for (code, slot) in latin1.iter_mut().enumerate() {
            let ch = char::from(code as u8);
            if let Some(adv) = advance_of(&face, ch) {
                *slot = adv;
            }
        }
        Metrics {
            units_per_em,
            latin1,
            fallback,
            face,
        }
    })
}

fn advance_of(face: &ttf_parser::Face<'_>, ch: char) -> Option<f64> {
    let gid = face.glyph_index(ch)?;
    face.glyph_hor_advance(gid).map(f64::from)
}

/// Width in SVG user units of `text` set on one line in DejaVu Sans at
/// `font_size` (SVG user units). Sums the glyph advance widths from the font's
/// `hmtx` table; characters missing from the font use the `.notdef` advance.
/// Control characters (e.g. `\n`) are measured like any other glyph, so pass
/// single lines.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    let m = metrics();
    let mut units = 0.0;
    for ch in text.chars() {
        let code = ch as u32;
        units += if code < 256 {
            m.latin1[code as usize]
        } else {
            advance_of(&m.face, ch).unwrap_or(m.fallback)
        };
    }
    units * font_size / m.units_per_em
}

/// Recommended distance between baselines of consecutive lines at
/// `font_size`, SVG user units: the font's `hhea` ascender minus descender
/// plus line gap (about 1.16 em for DejaVu Sans).
pub fn line_height(font_size: f64) -> f64 {
    let m = metrics();
    let f = &m.face;
    let units = f64::from(f.ascender()) - f64::from(f.descender()) + f64::from(f.line_gap());
    units * font_size / m.units_per_em
}

/// Distance from the top of a line box to its baseline at `font_size`, SVG
/// user units (the font's `hhea` ascender): draw the first line of a text
/// block whose top is at `y` with `y = top + ascent(font_size)`.
pub fn ascent(font_size: f64) -> f64 {
    let m = metrics();
    f64::from(m.face.ascender()) * font_size / m.units_per_em
}

/// Greedy word wrap: splits `text` at whitespace into lines whose
/// [`text_width`] at `font_size` is at most `max_width` (SVG user units).
///
/// Words are joined by single spaces (runs of whitespace collapse). A word that
/// is by itself wider than `max_width` is broken between characters into
/// pieces that each fit (every piece holds at least one character, so a
/// `max_width` narrower than one glyph yields one character per line).
/// Returns no lines for text without words.
pub fn wrap(text: &str, max_width: f64, font_size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let space = text_width(" ", font_size);
    let mut current_width = 0.0;
    for word in text.split_whitespace() {
        let w = text_width(word, font_size);
        if current.is_empty() {
            if w <= max_width {
                current.push_str(word);
                current_width = w;
            } else {
                current_width = break_word(word, max_width, font_size, &mut lines, &mut current);
            }
        } else if current_width + space + w <= max_width {
            current.push(' ');
            current.push_str(word);
            current_width += space + w;
        } else {
            lines.push(std::mem::take(&mut current));
            if w <= max_width {
                current.push_str(word);
                current_width = w;
            } else {
                current_width = break_word(word, max_width, font_size, &mut lines, &mut current);
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Breaks an over-long word into full lines pushed onto `lines`; the last
/// (partial) piece is left in `current` and its width returned.
fn break_word(
    word: &str,
    max_width: f64,
    font_size: f64,
    lines: &mut Vec<String>,
    current: &mut String,
) -> f64 {
    let mut width = 0.0;
    for ch in word.chars() {
        let mut buf = [0u8; 4];
        let cw = text_width(ch.encode_utf8(&mut buf), font_size);
        if !current.is_empty() && width + cw > max_width {
            lines.push(std::mem::take(current));
            width = 0.0;
        }
        current.push(ch);
        width += cw;
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_not_char_count() {
        let i = text_width("iiiiiiiiii", 10.0);
        let m = text_width("MMMMMMMMMM", 10.0);
        assert!(m > 2.0 * i, "M {m} vs i {i}");
        // DejaVu Sans: 'M' advance is 1767/2048 em.
        assert!((text_width("M", 2048.0) - 1767.0).abs() < 0.5);
        // Linear in font size.
        assert!((text_width("hello", 24.0) - 2.0 * text_width("hello", 12.0)).abs() < 1e-9);
        assert_eq!(text_width("", 12.0), 0.0);
        // Non-Latin-1 characters are measured too.
        assert!(text_width("→", 12.0) > 0.0);
    }

    #[test]
    fn wrap_respects_width_and_keeps_words() {
        let text = "the quick brown fox jumps over the lazy dog";
        let lines = wrap(text, 60.0, 12.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(l, 12.0) <= 60.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
        assert!(wrap("   ", 50.0, 12.0).is_empty());
        assert_eq!(wrap("short", 500.0, 12.0), vec!["short".to_string()]);
    }

    #[test]
    fn wrap_breaks_overlong_words() {
        let lines = wrap("a supercalifragilisticexpialidocious b", 40.0, 12.0);
        for l in &lines {
            assert!(text_width(l, 12.0) <= 40.0, "{l}");
        }
        assert_eq!(
            lines.concat().replace(' ', ""),
            "asupercalifragilisticexpialidociousb"
        );
        // Narrower than one glyph: one character per line.
        assert_eq!(wrap("abc", 1.0, 12.0), vec!["a", "b", "c"]);
    }

    #[test]
    fn vertical_metrics_are_plausible() {
        let lh = line_height(10.0);
        assert!(lh > 10.0 && lh < 13.0, "{lh}");
        let a = ascent(10.0);
        assert!(a > 7.0 && a < lh, "{a}");
        assert!((line_height(20.0) - 2.0 * lh).abs() < 1e-9);
    }

    #[test]
    fn font_data_is_the_embedded_font() {
        assert!(ttf_parser::Face::parse(font_data(), 0).is_ok());
        assert!(FONT_FAMILY.starts_with("DejaVu Sans"));
    }
}
