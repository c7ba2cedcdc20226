//! A map's PNG, rasterised from the very SVG its download carries (caption
//! and all) by resvg, which Typst's PDF writer already brings, with the
//! bundled DejaVu Sans as its only font: no machine's fonts change it.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::super::{FONT_BOLD, FONT_REGULAR, encode_png, with_pixels};

/// The bundled fonts, as the SVG's `sans-serif`.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut fonts = usvg::fontdb::Database::new();
            fonts.load_font_data(FONT_REGULAR.to_vec());
            fonts.load_font_data(FONT_BOLD.to_vec());
            fonts.set_sans_serif_family("DejaVu Sans");
            Arc::new(fonts)
        })
        .clone()
}

/// `svg` as a PNG of its own size in pixels, on white.
pub fn png(svg: &str) -> Vec<u8> {
    let options = usvg::Options {
        font_family: "DejaVu Sans".to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).expect("jaring's own SVG parses");
    let size = tree.size().to_int_size();
    let (width, height) = (size.width(), size.height());
    let pixel_count = width as usize * height as usize;
    // White, opaque: premultiplied, every byte 255.
    with_pixels(pixel_count * 4, |pixels| {
        let white = std::mem::take(pixels);
        let mut pixmap = tiny_skia::Pixmap::from_vec(white, size).expect("a map has a size");
        resvg::render(
            &tree,
            tiny_skia::Transform::identity(),
            &mut pixmap.as_mut(),
        );
        *pixels = pixmap.take();
        // Opaque on white, so the premultiplied colours are the colours:
        // each pixel's RGB moved down over the alpha bytes before it.
        for pixel in 0..pixel_count {
            pixels.copy_within(pixel * 4..pixel * 4 + 3, pixel * 3);
        }
        // A map's smooth edges and hatching take Fast deflate to a
        // megabyte; Balanced makes it a fraction, for a few milliseconds per
        // map.
        encode_png(
            width,
            height,
            &pixels[..pixel_count * 3],
            png::Compression::Balanced,
        )
    })
}
