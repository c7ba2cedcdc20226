//! Horizontal bars, one block per category: the label above the bars when
//! there are few categories, left of them, one row each, when there are many.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    HorizontalBars, LABEL_SIZE, MANY_ROWS, MUTED, Pen, ROW_LABEL_SIZE, ROW_VALUE_SIZE, TEXT,
    TOP_MARGIN, VALUE_SIZE, WIDTH, draw_legend, text_width,
};
use crate::render::locale::Locale;

/// Where the parts of a horizontal bar chart go, in pixels.
struct BarLayout {
    /// One row per category, the label left of its bars; else the label
    /// above them.
    labels_left: bool,
    label_size: f64,
    value_size: f64,
    bar_height: f64,
    /// Between the bars of one category.
    bar_gap: f64,
    /// From the top of a category's block to its first bar.
    first_bar: f64,
    block_height: f64,
    /// Above the first category: the margin and the legend.
    header_height: f64,
}

impl BarLayout {
    fn of(chart: &HorizontalBars) -> BarLayout {
        let series = chart.series.len().max(1) as f64;
        let header_height = TOP_MARGIN + if chart.series.len() > 1 { 30.0 } else { 0.0 };
        if chart.categories.len() > MANY_ROWS {
            let bar_height = if series == 1.0 { 16.0 } else { 11.0 };
            let bar_gap = 2.0;
            BarLayout {
                labels_left: true,
                label_size: ROW_LABEL_SIZE,
                value_size: ROW_VALUE_SIZE,
                bar_height,
                bar_gap,
                first_bar: 3.0,
                block_height: series * (bar_height + bar_gap) - bar_gap + 6.0,
                header_height,
            }
        } else {
            let bar_height = if series == 1.0 { 18.0 } else { 14.0 };
            BarLayout {
                labels_left: false,
                label_size: LABEL_SIZE,
                value_size: VALUE_SIZE,
                bar_height,
                bar_gap: 4.0,
                first_bar: 22.0,
                block_height: 22.0 + series * (bar_height + 4.0) + 10.0,
                header_height,
            }
        }
    }

    /// The middle of a category's bars, where a label left of them goes.
    fn bars_middle(&self, top: f64, series: usize) -> f64 {
        let bars = series.max(1) as f64;
        top + self.first_bar + (bars * (self.bar_height + self.bar_gap) - self.bar_gap) / 2.0
    }
}

pub(super) fn horizontal_height(chart: &HorizontalBars) -> f64 {
    let layout = BarLayout::of(frame(chart));
    let gap = if chart.gap.is_some() { GAP_HEIGHT } else { 0.0 };
    (layout.header_height + chart.categories.len() as f64 * layout.block_height + gap + 6.0)
        .max(40.0)
}

/// The height of the break between the top and the bottom of a ranking.
const GAP_HEIGHT: f64 = 28.0;

/// How many of the chart's rows fit in `height` pixels.
pub(super) fn rows_fitting(chart: &HorizontalBars, height: f64) -> usize {
    let layout = BarLayout::of(frame(chart));
    ((height - layout.header_height - 6.0) / layout.block_height).floor() as usize
}

/// The chart that sets the scale, columns and layout: the whole one when
/// this is a slice of it.
fn frame(chart: &HorizontalBars) -> &HorizontalBars {
    chart.whole.as_deref().unwrap_or(chart)
}

/// `text`, shortened with an ellipsis to about `width` pixels.
fn fit_text(text: &str, size: f64, width: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    // The longest prefix that fits with its ellipsis, found by halving: a
    // name may be very long, and measuring each shorter prefix in turn
    // would take time in the square of its length.
    let ends: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    let fits = |count: usize| text_width(&format!("{}…", &text[..ends[count]]), size) <= width;
    let (mut fitting, mut too_long) = (0, ends.len());
    while too_long - fitting > 1 {
        let middle = (fitting + too_long) / 2;
        if fits(middle) {
            fitting = middle;
        } else {
            too_long = middle;
        }
    }
    format!("{}…", &text[..ends[fitting]])
}

pub(super) fn draw_horizontal<DB: DrawingBackend>(
    pen: &Pen<DB>,
    chart: &HorizontalBars,
    locale: &Locale,
) {
    let whole = frame(chart);
    let layout = BarLayout::of(whole);
    let value_size = layout.value_size;
    draw_legend(pen, &chart.series, 4.0, TOP_MARGIN);
    let label = |value: i64| chart.format.write(locale, value);
    let values = || {
        whole
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
    };
    let max_label = values()
        .map(|v| text_width(&label(v), value_size))
        .fold(0.0, f64::max);
    let left = 4.0;
    // Labels left of the bars get a column of their own, at most 40% of
    // the width; a longer name is cut short (the data table has it whole).
    let label_column = if layout.labels_left {
        whole
            .categories
            .iter()
            .map(|c| text_width(c, layout.label_size))
            .fold(0.0, f64::max)
            .min(0.4 * f64::from(WIDTH))
            + 8.0
    } else {
        0.0
    };
    // With several series, each bar is tagged with its series name, so a row
    // without a bar (zero or suppressed) still says which it is.
    let tag_left = left + label_column;
    let tag_width = if chart.series.len() > 1 {
        chart
            .series
            .iter()
            .map(|s| text_width(&s.name, value_size))
            .fold(0.0, f64::max)
            + 8.0
    } else {
        0.0
    };
    let bar_left = tag_left + tag_width;
    let plot_width = (f64::from(WIDTH) - bar_left - max_label - 12.0).max(40.0);
    let max_value = values().max().unwrap_or(0).max(1) as f64;
    let gap_after = chart.gap.as_ref().map(|(after, _)| *after);
    if let Some((after, text)) = &chart.gap {
        let top = layout.header_height + *after as f64 * layout.block_height;
        let right = f64::from(WIDTH) - 4.0;
        pen.dashed((left, top + 4.0), (right, top + 4.0), MUTED, 1.0);
        pen.text(
            text,
            (f64::from(WIDTH) / 2.0, top + GAP_HEIGHT / 2.0 + 2.0),
            layout.value_size,
            MUTED,
            (HPos::Center, VPos::Center),
        );
        pen.dashed(
            (left, top + GAP_HEIGHT - 4.0),
            (right, top + GAP_HEIGHT - 4.0),
            MUTED,
            1.0,
        );
    }
    for (index, category) in chart.categories.iter().enumerate() {
        let below_gap = gap_after.is_some_and(|after| index >= after);
        let top = layout.header_height
            + index as f64 * layout.block_height
            + if below_gap { GAP_HEIGHT } else { 0.0 };
        if layout.labels_left {
            pen.text(
                &fit_text(category, layout.label_size, label_column - 8.0),
                (left, layout.bars_middle(top, chart.series.len())),
                layout.label_size,
                TEXT,
                (HPos::Left, VPos::Center),
            );
        } else {
            // Above the bars, a label has the chart's width: a longer one
            // (a sector named in a sentence) ends in an ellipsis rather than
            // at the image's edge; the table beside it names it in full.
            pen.text(
                &fit_text(category, layout.label_size, f64::from(WIDTH) - left - 8.0),
                (left, top + 16.0),
                layout.label_size,
                TEXT,
                (HPos::Left, VPos::Bottom),
            );
        }
        for (series_index, series) in chart.series.iter().enumerate() {
            let bar_top =
                top + layout.first_bar + series_index as f64 * (layout.bar_height + layout.bar_gap);
            let middle = bar_top + layout.bar_height / 2.0;
            if tag_width > 0.0 {
                pen.text(
                    &series.name,
                    (tag_left, middle),
                    value_size,
                    MUTED,
                    (HPos::Left, VPos::Center),
                );
            }
            match series.values.get(index).copied().flatten() {
                Some(value) => {
                    let length = (value as f64 / max_value * plot_width).round();
                    if length > 0.0 {
                        pen.rect(
                            bar_left,
                            bar_top,
                            bar_left + length,
                            bar_top + layout.bar_height,
                            series.color,
                        );
                    }
                    pen.text(
                        &label(value),
                        (bar_left + length + 5.0, middle),
                        value_size,
                        TEXT,
                        (HPos::Left, VPos::Center),
                    );
                }
                None => pen.text(
                    &chart.suppressed_mark,
                    (bar_left + 2.0, middle),
                    value_size,
                    MUTED,
                    (HPos::Left, VPos::Center),
                ),
            }
        }
    }
}
