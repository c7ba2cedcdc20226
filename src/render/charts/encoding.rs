//! Bitmaps as PNG files: the chart downloads and the maps' images.

/// RGB pixels, row by row, as PNG: with a palette when they hold at most
/// 256 colours, as a chart's flat fills and the shades of its anti-aliased
/// text do (the same pixels in a third of the bytes to filter and deflate,
/// a file about half the size), else as RGB.
pub fn encode_png(
    width: u32,
    height: u32,
    pixels: &[u8],
    compression: png::Compression,
) -> Vec<u8> {
    let mut encoded = Vec::new();
    let mut encoder = png::Encoder::new(&mut encoded, width, height);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(compression);
    let indexed = palette_indices(pixels, width as usize * 3);
    let data = match &indexed {
        Some((palette, indices)) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(palette.as_slice());
            indices.as_slice()
        }
        None => {
            encoder.set_color(png::ColorType::Rgb);
            pixels
        }
    };
    // A filter chosen per row: one that repeats the row above leaves the
    // runs of zeros Fast deflate packs best.
    encoder.set_filter(png::Filter::Adaptive);
    encoder
        .write_header()
        .and_then(|mut writer| {
            writer.write_image_data(data)?;
            writer.finish()
        })
        .expect("encoding a bitmap held in memory cannot fail");
    encoded
}

/// The colours of RGB `pixels` in the order they first appear (as PNG's
/// palette: three bytes each) and each pixel's index among them; None when
/// there are more than 256.
fn palette_indices(pixels: &[u8], row_bytes: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut palette = ColourPalette::default();
    let mut indices = Vec::with_capacity(pixels.len() / 3);
    let mut previous_row: Option<&[u8]> = None;
    // A chart's pixels come in runs of one colour, and its rows repeat the
    // row above more often than not: both are copied, not looked up.
    let mut last: Option<(&[u8], u8)> = None;
    for row in pixels.chunks_exact(row_bytes) {
        if previous_row == Some(row) {
            let above = indices.len() - row.len() / 3;
            indices.extend_from_within(above..);
            continue;
        }
        previous_row = Some(row);
        for pixel in row.chunks_exact(3) {
            let index = match last {
                Some((seen, index)) if seen == pixel => index,
                _ => {
                    let index = palette.index([pixel[0], pixel[1], pixel[2]])?;
                    last = Some((pixel, index));
                    index
                }
            };
            indices.push(index);
        }
    }
    Some((palette.colours, indices))
}

/// Up to 256 colours, found by an open-addressed table twice their number:
/// anti-aliased text changes colour every few pixels, and a general hash
/// map's lookups took longer than encoding the image.
struct ColourPalette {
    /// A colour with [`Self::TAKEN`] set and its index; (0, 0) is free.
    slots: [(u32, u8); 512],
    colours: Vec<u8>,
}

impl Default for ColourPalette {
    fn default() -> Self {
        ColourPalette {
            slots: [(0, 0); 512],
            colours: Vec::with_capacity(256 * 3),
        }
    }
}

impl ColourPalette {
    const TAKEN: u32 = 1 << 24;

    /// The index of `colour`, given the next one when new; None when 256
    /// colours are already taken.
    fn index(&mut self, colour: [u8; 3]) -> Option<u8> {
        let key = u32::from_le_bytes([colour[0], colour[1], colour[2], 0]) | Self::TAKEN;
        let mut slot = (key.wrapping_mul(0x9E37_79B1) >> 23) as usize;
        loop {
            match self.slots[slot] {
                (taken, index) if taken == key => return Some(index),
                (0, _) => {
                    let index = u8::try_from(self.colours.len() / 3).ok()?;
                    self.slots[slot] = (key, index);
                    self.colours.extend_from_slice(&colour);
                    return Some(index);
                }
                _ => slot = (slot + 1) % self.slots.len(),
            }
        }
    }
}

/// A PNG file's pixels as RGB, whether it has a palette or not, and its
/// frame's size.
#[cfg(test)]
pub fn decoded(png_file: &[u8]) -> (png::OutputInfo, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_file));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    pixels.truncate(frame.buffer_size());
    (frame, pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colour_type(png_file: &[u8]) -> png::ColorType {
        let decoder = png::Decoder::new(std::io::Cursor::new(png_file));
        decoder.read_info().unwrap().info().color_type
    }

    /// `width` x `height` RGB pixels of `colours` colours: runs of one
    /// colour, rows repeating the one above and rows that do not.
    fn pixels(width: usize, height: usize, colours: usize) -> Vec<u8> {
        (0..width * height)
            .flat_map(|pixel| {
                let (x, y) = (pixel % width, pixel / width);
                let colour = if y % 3 == 0 { x / 2 } else { (x + y / 3) % 7 } % colours;
                [
                    colour as u8,
                    (colour * 7 % 256) as u8,
                    (colour / 256) as u8 ^ 0x5a,
                ]
            })
            .collect()
    }

    #[test]
    fn a_bitmap_of_up_to_256_colours_takes_a_palette_and_keeps_every_pixel() {
        for colours in [1, 2, 255, 256] {
            let (width, height) = (600, 9);
            let rgb = pixels(width, height, colours);
            let png_file = encode_png(width as u32, height as u32, &rgb, png::Compression::Fast);
            assert_eq!(
                colour_type(&png_file),
                png::ColorType::Indexed,
                "{colours} colours"
            );
            assert_eq!(decoded(&png_file).1, rgb, "{colours} colours");
        }
    }

    #[test]
    fn a_bitmap_of_more_colours_stays_rgb_and_keeps_every_pixel() {
        let (width, height) = (600, 9);
        let rgb = pixels(width, height, 257);
        let png_file = encode_png(width as u32, height as u32, &rgb, png::Compression::Fast);
        assert_eq!(colour_type(&png_file), png::ColorType::Rgb);
        assert_eq!(decoded(&png_file).1, rgb);
    }

    #[test]
    fn the_palette_lists_the_colours_in_the_order_they_appear() {
        let rgb = [9, 9, 9, 1, 2, 3, 9, 9, 9, 1, 2, 3, 1, 2, 3, 4, 5, 6];
        let (palette, indices) = palette_indices(&rgb, 9).unwrap();
        assert_eq!(palette, [9, 9, 9, 1, 2, 3, 4, 5, 6]);
        assert_eq!(indices, [0, 1, 0, 1, 1, 2]);
    }
}
