//! The data page: every published table with its columns explained and
//! its files' sizes.

use tera::Context;

use super::PageRenderer;
use crate::render::OutputFile;
use crate::render::files::data::DataTable;
use crate::render::files::search::SearchText;
use crate::render::views::{ColumnView, FileView};

impl PageRenderer<'_> {
    pub(super) fn data(
        &self,
        context: &mut Context,
        search: &mut SearchText,
        tables: &[DataTable],
        data_files: &[OutputFile],
    ) {
        let t = self.strings;
        let size_of = |path: &str| {
            data_files
                .iter()
                .find(|f| f.path == path)
                .map_or(0, |f| f.bytes.len())
        };
        let views: Vec<FileView> = tables
            .iter()
            .map(|table| FileView {
                name: table.name().to_string(),
                title: t.get(&format!("files.{}.title", table.name())).to_string(),
                csv: format!("{}.csv", table.name()),
                json: format!("{}.json", table.name()),
                rows: table.rows.len(),
                size: self.size(size_of(&format!("data/{}.csv", table.name()))),
                columns: table
                    .columns
                    .iter()
                    .map(|column| ColumnView {
                        name: column.name.to_string(),
                        kind: t.get(column.kind.type_key()).to_string(),
                        meaning: t.column(table.name(), column.name, "meaning").to_string(),
                        definition: t
                            .column(table.name(), column.name, "definition")
                            .to_string(),
                    })
                    .collect(),
            })
            .collect();
        search.add(t.get("data.intro"));
        for view in &views {
            search.add(&view.title);
            search.add(&view.csv);
            for column in &view.columns {
                search.add(&column.name);
                search.add(&column.meaning);
                search.add(&column.definition);
            }
        }
        context.insert("files", &views);
        context.insert("summary_size", &self.size(size_of("data/summary.json")));
        context.insert("report_pdf", &self.report_pdf_name());
        // The whole data folder in one download: its name and size.
        let bundle = |extension: &str| {
            let file = data_files
                .iter()
                .find(|f| f.path.starts_with("data/") && f.path.ends_with(extension));
            serde_json::json!({
                "name": file.map_or("", |f| f.path.trim_start_matches("data/")),
                "size": self.size(file.map_or(0, |f| f.bytes.len())),
            })
        };
        context.insert("archive", &bundle(".zip"));
        context.insert("workbook", &bundle(".xlsx"));
        context.insert("package_size", &self.size(size_of("data/datapackage.json")));
    }
}
