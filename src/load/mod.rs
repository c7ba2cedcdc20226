//! Load: read every input file of a site, check it against the data contract
//! and return it in compact typed form, or every problem found.
//!
//! Files are read in dependency order (program and code lists before the rows
//! that refer to them); a file that fails still lets the others be checked,
//! so one run reports everything.
//!
//! Imports only the base modules ([`crate::diag`], [`crate::calendar`],
//! [`crate::text`], [`crate::language`]); every later stage imports load,
//! never the reverse.

pub mod claimants;
pub mod config;
pub mod content;
pub mod geo;
pub mod id;
pub mod links;
pub mod member;
pub mod members;
pub mod program;
pub mod progress;
pub mod raw_tables;
pub mod reference;
pub mod releases;
pub mod schema;
pub mod source;
pub mod table;
pub mod transactions;
pub mod values;

use std::path::Path;

pub use config::{Overrides, SiteConfig};
pub use content::{Page, TemplateFile};
pub use geo::Boundaries;
pub use id::Id;
pub use member::Member;
pub use members::MemberGroups;
pub use program::{BenefitId, Program};
pub use reference::{BudgetLine, CodeList, District, DistrictId, Sector, SectorId};
pub use source::{Table, TableSources};
pub use transactions::{Claim, ClaimStatus, Payment};

use crate::diag::Diagnostics;

/// The site's folders whose files are read and published: links in them
/// are checked, and no output may replace them or lie inside them.
pub const INPUT_FOLDERS: [&str; 3] = ["data", "content", "templates"];

/// The site's folder of recorded releases (`jaring release`): written only
/// by jaring, never replaced, so no output may lie inside it either. Its
/// files are checked by their recorded checksums, not their links.
pub const RELEASES_FOLDER: &str = "releases";

/// A site's whole input, checked. Holds no member or claim id.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub program: Program,
    pub sectors: CodeList<Sector>,
    pub districts: CodeList<District>,
    pub members: MemberGroups,
    pub payments: Vec<Payment>,
    pub claims: Vec<Claim>,
    pub budget: Vec<BudgetLine>,
    /// The districts' boundaries, when the site has `data/districts.geojson`.
    pub boundaries: Option<Boundaries>,
    pub pages: Vec<Page>,
    pub templates: Vec<TemplateFile>,
    /// The releases recorded under `releases/`, each checked.
    pub releases: Vec<releases::RecordedRelease>,
    /// Where each table was read from, to name it in warnings.
    pub tables: TableSources,
}

/// Reads and checks the site at `root`. Warnings found while loading are
/// added to `diagnostics` either way; errors make the result `None`.
pub fn load_site(root: &Path, diagnostics: &mut Diagnostics) -> Option<Site> {
    load_site_with(root, &Overrides::default(), diagnostics)
}

/// [`load_site`] with what the command line sets over `site.toml`.
pub fn load_site_with(
    root: &Path,
    overrides: &Overrides,
    diagnostics: &mut Diagnostics,
) -> Option<Site> {
    let errors_before = diagnostics.error_count();
    links::check_links(root, diagnostics);
    let config = config::load_site_config(root, overrides, diagnostics);
    let extra_columns = config
        .as_ref()
        .map_or(&[][..], |c| c.extra_columns.as_slice());
    let program = program::load_program(root, diagnostics);
    let mut sources = source::find_sources(root, diagnostics);
    let sources = &mut sources;
    let sectors = reference::load_sectors(root, sources, extra_columns, diagnostics);
    let districts = reference::load_districts(root, sources, extra_columns, diagnostics);
    let budget = reference::load_budget(root, sources, extra_columns, diagnostics);
    let boundaries = geo::load_boundaries(root, districts.as_ref(), diagnostics);
    if boundaries.is_some() && config.as_ref().is_some_and(|c| c.map_credit.is_none()) {
        diagnostics.push(geo::uncredited_warning());
    }
    // Claims first: then only the ids they refer to are kept as text while
    // the members, the large table, stream past.
    let mut claimants = claimants::Claimants::default();
    let pending_claims = transactions::load_claims(
        root,
        sources,
        program.as_ref(),
        &mut claimants,
        extra_columns,
        diagnostics,
    );
    let tables = sources.tables.clone();
    let rules = members::MemberRules {
        program: program.as_ref(),
        sectors: sectors.as_ref(),
        districts: districts.as_ref(),
        extra_columns,
        tables: &tables,
    };
    let members = members::load_members(root, sources, &rules, &mut claimants, diagnostics);
    let claims = pending_claims.and_then(|pending| {
        pending.resolve(
            &claimants,
            members.is_some(),
            &tables.display(Table::Members),
            diagnostics,
        )
    });
    let payments =
        transactions::load_payments(root, sources, program.as_ref(), extra_columns, diagnostics);
    let pages = content::load_pages(root, diagnostics);
    let templates = content::load_templates(root, diagnostics);
    let releases = releases::load_releases(root, diagnostics);
    if diagnostics.error_count() > errors_before {
        return None;
    }
    Some(Site {
        config: config?,
        program: program?,
        sectors: sectors?,
        districts: districts?,
        members: members??,
        payments: payments?,
        claims: claims?,
        budget: budget?,
        boundaries,
        pages,
        templates,
        releases,
        tables,
    })
}

/// The site's text read again, its data kept: content pages and templates
/// are all that a page or template edit changes, so a preview renders the
/// site again without reading `data/`. False, and the site unchanged, when
/// the text has errors (in `diagnostics`).
pub fn reload_text(root: &Path, site: &mut Site, diagnostics: &mut Diagnostics) -> bool {
    let errors_before = diagnostics.error_count();
    links::check_links(root, diagnostics);
    let pages = content::load_pages(root, diagnostics);
    let templates = content::load_templates(root, diagnostics);
    if diagnostics.error_count() > errors_before {
        return false;
    }
    site.pages = pages;
    site.templates = templates;
    true
}

/// Whether a problem is in the site's text (content pages and templates),
/// which [`reload_text`] reads again.
pub fn is_in_text(diagnostic: &crate::diag::Diagnostic) -> bool {
    let name = diagnostic.place.name();
    ["content", "templates"].iter().any(|folder| {
        name.strip_prefix(folder)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}
