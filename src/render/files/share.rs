//! The share image of each language (Open Graph), drawn like the PNG charts.

use std::convert::Infallible;

use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, VPos};

use crate::render::RenderContext;
use crate::render::cache::Cache;
use crate::render::charts::{Pen, render_png, wrap};

/// The image shown when a page is shared (Open Graph): the program and its
/// headline figures, 1200 × 630 px; from the build cache when the same text
/// was drawn before.
pub fn share_image(context: &RenderContext, cache: &Cache) -> Vec<u8> {
    let (model, strings, locale) = (context.model, context.strings, context.locale);
    let summary = &model.summary;
    let figures = [
        (
            locale.count(summary.members_current),
            strings.get("share.members"),
        ),
        (locale.money(summary.paid), strings.get("share.paid")),
        (
            locale.count(summary.claims_paid),
            strings.get("share.claims"),
        ),
    ];
    let as_of = strings.fill(
        "site.data_as_of",
        &[("date", &locale.date(model.program.as_of))],
    );
    let drawn = ShareText {
        region: &model.program.region,
        name: &model.program.name,
        as_of: &as_of,
        figures: &figures,
    };
    let mut inputs: Vec<&[u8]> = vec![
        b"share",
        drawn.region.as_bytes(),
        drawn.name.as_bytes(),
        drawn.as_of.as_bytes(),
    ];
    for (value, label) in &figures {
        inputs.extend([value.as_bytes(), label.as_bytes()]);
    }
    let image = cache.get_or_make("png", &inputs, || Ok::<_, Infallible>(draw(&drawn)));
    image.unwrap_or_else(|never| match never {})
}

/// Everything the share image shows.
struct ShareText<'a> {
    region: &'a str,
    name: &'a str,
    as_of: &'a str,
    /// Each headline figure and what it counts.
    figures: &'a [(String, &'a str)],
}

fn draw(text: &ShareText) -> Vec<u8> {
    let accent = plotters::style::RGBColor(0x1f, 0x5f, 0x99);
    let dark = plotters::style::RGBColor(0x1a, 0x1a, 0x1a);
    render_png(1200, 630, |area| {
        let pen = Pen {
            area,
            scale: 1.0,
            bitmap: true,
        };
        pen.styled_text(
            text.region,
            (60.0, 50.0),
            30.0,
            accent,
            (HPos::Left, VPos::Top),
            FontStyle::Bold,
        );
        let name = wrap(text.name, 34.0, FontStyle::Bold, 900.0);
        for (index, line) in name.iter().take(2).enumerate() {
            pen.styled_text(
                line,
                (60.0, 100.0 + index as f64 * 45.0),
                34.0,
                dark,
                (HPos::Left, VPos::Top),
                FontStyle::Bold,
            );
        }
        pen.text(
            text.as_of,
            (60.0, 205.0),
            26.0,
            dark,
            (HPos::Left, VPos::Top),
        );
        for (index, (value, label)) in text.figures.iter().enumerate() {
            let y = 270.0 + index as f64 * 112.0;
            pen.styled_text(
                value,
                (60.0, y),
                54.0,
                accent,
                (HPos::Left, VPos::Top),
                FontStyle::Bold,
            );
            pen.text(label, (60.0, y + 64.0), 26.0, dark, (HPos::Left, VPos::Top));
        }
    })
}
