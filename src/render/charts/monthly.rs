//! Vertical bars by month, optionally with a line (a running total), a
//! dashed guide (the allocation paid evenly) and a horizontal reference
//! (the allocation).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    AXIS_SIZE, GRID, MUTED, MonthlyBars, Pen, REFERENCE, Series, TEXT, TOP_MARGIN, VALUE_SIZE,
    WIDTH, draw_legend, nice_ticks, text_width,
};
use crate::render::locale::Locale;

pub(super) fn draw_monthly<DB: DrawingBackend>(
    pen: &Pen<DB>,
    chart: &MonthlyBars,
    locale: &Locale,
) {
    const HEIGHT: f64 = 300.0;
    let label = |value: i64| chart.format.write(locale, value);
    // Room for the legend, or for a value label above the highest bar.
    let lines = usize::from(chart.line.is_some()) + usize::from(chart.guide.is_some());
    let top = if chart.bars.len() + lines > 1 {
        40.0
    } else {
        16.0 + TOP_MARGIN
    };
    let bottom = HEIGHT - 28.0;
    let mut highest = chart
        .bars
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0);
    for line in chart.line.iter().chain(&chart.guide) {
        highest = highest.max(line.values.iter().flatten().copied().max().unwrap_or(0));
    }
    if let Some((reference, _)) = &chart.reference {
        highest = highest.max(*reference);
    }
    let ticks = nice_ticks(highest);
    let tick_label = |value: i64| chart.format.write_tick(locale, value);
    let top_value = *ticks.last().expect("nice_ticks is never empty") as f64;
    let left = ticks
        .iter()
        .map(|&t| text_width(&tick_label(t), AXIS_SIZE))
        .fold(20.0, f64::max)
        + 10.0;
    let right = f64::from(WIDTH) - 8.0;
    let y_of = |value: i64| bottom - (value as f64 / top_value * (bottom - top)).round();
    let mut legend: Vec<Series> = chart
        .bars
        .iter()
        .chain(&chart.line)
        .chain(&chart.guide)
        .map(|s| Series {
            name: s.name.clone(),
            color: s.color,
            values: Vec::new(),
        })
        .collect();
    if legend.len() == 1 {
        legend.clear();
    }
    draw_legend(pen, &legend, left, 0.0);
    for &tick in &ticks {
        let y = y_of(tick);
        pen.line(&[(left, y), (right, y)], GRID, 1.0);
        pen.text(
            &tick_label(tick),
            (left - 6.0, y),
            AXIS_SIZE,
            MUTED,
            (HPos::Right, VPos::Center),
        );
    }
    let slot = (right - left) / chart.months.len().max(1) as f64;
    let group_width = slot * 0.7;
    let bar_width = group_width / chart.bars.len().max(1) as f64;
    let center = |index: usize| left + slot * (index as f64 + 0.5);
    for (index, month) in chart.months.iter().enumerate() {
        pen.text(
            month,
            (center(index), bottom + 6.0),
            AXIS_SIZE,
            MUTED,
            (HPos::Center, VPos::Top),
        );
        for (series_index, series) in chart.bars.iter().enumerate() {
            let Some(value) = series.values.get(index).copied().flatten() else {
                continue;
            };
            let x0 = (center(index) - group_width / 2.0 + bar_width * series_index as f64).round();
            let x1 = (center(index) - group_width / 2.0 + bar_width * (series_index + 1) as f64)
                .round()
                - 1.0;
            if value > 0 {
                pen.rect(x0, y_of(value), x1, bottom, series.color);
            }
            let text = label(value);
            if chart.value_labels && text_width(&text, VALUE_SIZE) <= bar_width + 6.0 {
                pen.text(
                    &text,
                    ((x0 + x1) / 2.0, y_of(value) - 3.0),
                    VALUE_SIZE,
                    TEXT,
                    (HPos::Center, VPos::Bottom),
                );
            }
        }
    }
    pen.line(&[(left, bottom), (right, bottom)], MUTED, 1.0);
    if let Some((reference, text)) = &chart.reference {
        let y = y_of(*reference);
        pen.dashed((left, y), (right, y), REFERENCE, 2.0);
        pen.text(
            text,
            (right, y - 4.0),
            VALUE_SIZE,
            REFERENCE,
            (HPos::Right, VPos::Bottom),
        );
    }
    let points = |series: &Series| -> Vec<(f64, f64)> {
        series
            .values
            .iter()
            .enumerate()
            .filter_map(|(index, value)| value.map(|v| (center(index).round(), y_of(v))))
            .collect()
    };
    if let Some(guide) = &chart.guide {
        pen.dashed_path(&points(guide), guide.color, 2.0);
    }
    if let Some(line) = &chart.line {
        let points = points(line);
        pen.line(&points, line.color, 3.0);
        for &point in &points {
            pen.dot(point, 4.0, line.color);
        }
    }
}
