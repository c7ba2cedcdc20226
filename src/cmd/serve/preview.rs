//! Building the preview again after a change, doing again only what the
//! change makes necessary: a content page or a template is read again and
//! the site rendered from the model kept in memory; `site.toml`, `data/` or
//! `releases/` load the site and build its model again. The PDF reports are
//! left to typeset after the pages are served.

use std::path::{Path, PathBuf};

use super::watch::Change;
use crate::cmd::{ModelledSite, load_model};
use crate::diag::Diagnostics;
use crate::load::{self, Overrides};
use crate::render::cache::Cache;
use crate::render::pdf::ReportJob;
use crate::render::{self, OutputFile};

/// The site as the preview keeps it between builds.
pub struct Preview {
    root: PathBuf,
    overrides: Overrides,
    cache: Cache,
    /// The site last loaded, with its model; None when it did not load.
    loaded: Option<ModelledSite>,
    /// The problems loading it found (each build reports them again).
    load_diagnostics: Diagnostics,
}

/// A build of the preview: every file but the reports, and the reports to
/// typeset; None when it failed. The problems found either way.
pub struct Build {
    pub site: Option<(Vec<OutputFile>, Vec<ReportJob>)>,
    pub diagnostics: Diagnostics,
}

impl Preview {
    pub fn new(root: &Path, overrides: Overrides) -> Preview {
        Preview {
            root: root.to_path_buf(),
            overrides,
            cache: Cache::from_env(),
            loaded: None,
            load_diagnostics: Diagnostics::default(),
        }
    }

    /// Builds the site after `change`; without a site loaded, any change
    /// loads it whole.
    pub fn build(&mut self, change: Change) -> Build {
        let loaded = match self.loaded.as_mut().filter(|_| change == Change::Text) {
            Some(modelled) => {
                self.load_diagnostics
                    .retain(|diagnostic| !load::is_in_text(diagnostic));
                // On errors the site keeps its last text, and its data.
                load::reload_text(&self.root, &mut modelled.site, &mut self.load_diagnostics)
            }
            None => {
                self.load_diagnostics = Diagnostics::default();
                self.loaded = load_model(&self.root, &self.overrides, &mut self.load_diagnostics);
                self.loaded.is_some()
            }
        };
        let mut diagnostics = self.load_diagnostics.clone();
        let site = match &self.loaded {
            Some(modelled) if loaded => render::render_deferring_reports(
                &modelled.render_inputs(&self.cache),
                &mut diagnostics,
            ),
            _ => None,
        };
        Build { site, diagnostics }
    }
}
