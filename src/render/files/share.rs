//! The share image of each language (Open Graph), drawn like the PNG charts.

use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, VPos};

use crate::render::RenderContext;
use crate::render::charts::{Pen, render_png, wrap};

/// The image shown when a page is shared (Open Graph): the program and its
/// headline figures, 1200 × 630 px.
pub fn share_image(context: &RenderContext) -> Vec<u8> {
    let (model, strings, locale) = (context.model, context.strings, context.locale);
    let summary = &model.summary;
    let accent = plotters::style::RGBColor(0x1f, 0x5f, 0x99);
    let dark = plotters::style::RGBColor(0x1a, 0x1a, 0x1a);
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
    render_png(1200, 630, |area| {
        let pen = Pen {
            area,
            scale: 1.0,
            bitmap: true,
        };
        pen.styled_text(
            &model.program.region,
            (60.0, 50.0),
            30.0,
            accent,
            (HPos::Left, VPos::Top),
            FontStyle::Bold,
        );
        let name = wrap(&model.program.name, 34.0, FontStyle::Bold, 900.0);
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
        let as_of = strings.fill(
            "site.data_as_of",
            &[("date", &locale.date(model.program.as_of))],
        );
        pen.text(&as_of, (60.0, 205.0), 26.0, dark, (HPos::Left, VPos::Top));
        for (index, (value, label)) in figures.iter().enumerate() {
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
