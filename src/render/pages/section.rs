//! The section pages: the home page with its headline figures, the
//! coverage, budget and claims pages with their figures, methodology, data
//! quality and search; and the views of them the report shares.

use std::collections::BTreeMap;

use tera::Context;

use super::PageRenderer;
use crate::diag::Diagnostics;
use crate::model::{Checks, ClaimsRow, CoverageRow, Percent, ProgramFinding, QualityWarning};
use crate::render::OutputFile;
use crate::render::figures::Figure;
use crate::render::files::data::{DataTable, TableId};
use crate::render::files::search::{SearchEntry, SearchText};
use crate::render::sections::{Section, page_href};
use crate::render::views::{
    CellView, CheckView, ContentsLink, FindingView, Kpi, QualityView, SectionLink, TableView,
    header,
};

impl PageRenderer<'_> {
    /// A section's page, with what the search index holds of it (nothing
    /// for the search page itself); None when it failed (reported in
    /// `diagnostics`).
    pub(super) fn section_page(
        &self,
        section: Section,
        tables: &[DataTable],
        data_files: &[OutputFile],
        diagnostics: &mut Diagnostics,
    ) -> Option<(OutputFile, Option<SearchEntry>)> {
        let key = section.key();
        let path = section.path();
        let mut context = self.base_context(key, &path);
        let page = self.pages.iter().find(|p| p.name == section.content());
        let content = match page.map(|page| self.content(page, &path, false, diagnostics)) {
            Some(Ok(content)) => Some(content),
            Some(Err(())) => return None,
            None => None,
        };
        let default_title = self.strings.get(&format!("{key}.title"));
        // A blank title would leave the page nameless in its tab and in search results.
        let title = page
            .map(|p| p.title.as_str())
            .filter(|title| !title.trim().is_empty())
            .unwrap_or(default_title);
        let title = if section == Section::Home {
            self.model.program.name.as_str()
        } else {
            title
        };
        let description = page
            .map(|p| p.description.as_str())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| self.strings.get(&format!("{key}.description")));
        context.insert("title", title);
        context.insert("description", description);
        let mut search = SearchText::default();
        let (narrative, embedded) = content.unwrap_or_default();
        context.insert("content", &narrative.html);
        search.add(&narrative.text);
        let appended: Vec<&Figure> = self
            .figures
            .iter()
            .filter(|figure| figure.spec.section == section)
            .filter(|figure| !embedded.iter().any(|placed| placed.id == figure.id))
            .collect();
        let mut figures_html = Vec::new();
        for figure in &appended {
            if let Some(html) = self.figure_html(figure, &path, false, diagnostics) {
                figures_html.push(html);
            }
        }
        // The text comes before the appended figures, so its figures come first.
        let shown: Vec<&Figure> = embedded.into_iter().chain(appended).collect();
        for figure in &shown {
            search.anchor(figure.id);
            figure.add_to_search(&mut search);
        }
        search.leave_figures();
        let contents: Vec<ContentsLink> = shown
            .iter()
            .map(|figure| ContentsLink {
                href: format!("#{}", figure.id),
                label: figure.label.clone(),
                title: figure.title.clone(),
            })
            .collect();
        context.insert("figures", &figures_html);
        context.insert("contents", &contents);
        match section {
            Section::Home => self.home(&mut context, &mut search),
            Section::Budget => self.budget(&mut context, &mut search),
            Section::Claims => self.claims(&mut context, &mut search),
            Section::Data => self.data(&mut context, &mut search, tables, data_files),
            Section::Releases => self.releases(&mut context, &mut search, tables),
            Section::Methodology => self.methodology(&mut context, &mut search),
            Section::Quality => self.quality(&mut context, &mut search),
            Section::Coverage | Section::Search => {
                context.insert("paragraphs", &Vec::<String>::new());
                context.insert("tables", &Vec::<TableView>::new());
            }
        }
        let html = self.render(section.template(), &context, diagnostics)?;
        let searched =
            (section != Section::Search).then(|| search.entry(self.file_path(&path), title));
        Some((self.file(&path, html), searched))
    }

    fn home(&self, context: &mut Context, search: &mut SearchText) {
        let t = self.strings;
        let links: Vec<SectionLink> = Section::ALL
            .iter()
            .skip(1)
            .map(|section| SectionLink {
                label: t.get(&format!("nav.{}", section.key())).to_string(),
                href: page_href("", section.slug()),
                description: t
                    .get(&format!("home.section_{}", section.key()))
                    .to_string(),
            })
            .collect();
        let kpis = self.kpis();
        add_kpis(search, &kpis);
        for link in &links {
            search.add(&link.label);
            search.add(&link.description);
        }
        let years = self.year_comparison();
        let trend = self.release_trend();
        if let Some(years) = &years {
            search.add(t.get("home.years_heading"));
            search.add_table(years);
        }
        if let Some(trend) = &trend {
            search.add(t.get("home.trend_heading"));
            search.add_table(&trend.table);
        }
        context.insert("kpis", &kpis);
        context.insert("years", &years);
        context.insert("trend", &trend);
        context.insert("sections", &links);
        context.insert("report_pdf", &self.report_pdf_name());
    }

    /// The headline figures of the home page and the report.
    pub(super) fn kpis(&self) -> Vec<Kpi> {
        let s = &self.model.summary;
        let l = self.locale;
        let t = self.strings;
        let missing = t.get("site.missing_value");
        let percent = |p: Option<Percent>| p.map_or(missing.to_string(), |p| l.percent_fixed(p));
        let mut sources: Vec<&str> = self
            .model
            .budget_lines
            .iter()
            .map(|line| line.source.as_str())
            .collect();
        sources.sort_unstable();
        sources.dedup();
        let (claims_paid, claims_amount) = (s.claims_paid, s.claims_paid_amount);
        let mut claim_details =
            vec![t.fill("home.claims_detail", &[("amount", &l.money(claims_amount))])];
        for benefit in &s.claims {
            claim_details.push(t.fill(
                "home.benefit_detail",
                &[
                    ("benefit", &benefit.benefit),
                    ("claims", &l.count(benefit.claims)),
                    ("amount", &l.money(benefit.amount)),
                ],
            ));
        }
        vec![
            Kpi {
                label: t.get("home.coverage_label").to_string(),
                value: l.count(s.members_current),
                details: vec![t.fill(
                    "home.coverage_detail",
                    &[
                        ("target", &l.count(s.target_members)),
                        ("pct", &percent(s.coverage_pct)),
                    ],
                )],
            },
            Kpi {
                label: t.get("home.allocated_label").to_string(),
                value: l.money(s.allocated),
                details: vec![t.fill("home.allocated_detail", &[("sources", &sources.join(", "))])],
            },
            Kpi {
                label: t.get("home.paid_label").to_string(),
                value: l.money(s.paid),
                details: vec![t.fill("home.paid_detail", &[("pct", &percent(s.paid_pct))])],
            },
            Kpi {
                label: t.get("home.claims_label").to_string(),
                value: l.count(claims_paid),
                details: claim_details,
            },
        ]
    }

    fn budget(&self, context: &mut Context, search: &mut SearchText) {
        let (paragraphs, lines) = self.budget_views();
        add_paragraphs_and_table(search, &paragraphs, &lines);
        context.insert("paragraphs", &paragraphs);
        context.insert("tables", &vec![lines]);
    }

    /// Whether spending is on pace, the cost per member-month, and the
    /// table of budget lines.
    pub(super) fn budget_views(&self) -> (Vec<String>, TableView) {
        let s = &self.model.summary;
        let l = self.locale;
        let t = self.strings;
        let mut rows: Vec<Vec<CellView>> = self
            .model
            .budget_lines
            .iter()
            .map(|line| {
                vec![
                    CellView::text(&line.item),
                    CellView::text(&line.source),
                    CellView::number(l.money(line.allocated)),
                ]
            })
            .collect();
        rows.push(vec![
            CellView::text(t.get("budget.total")),
            CellView::text(""),
            CellView::number(l.money(s.allocated)),
        ]);
        let lines = TableView {
            caption: t.get("budget.lines_caption").to_string(),
            headers: vec![
                header(t.get("budget.item"), false),
                header(t.get("budget.source"), false),
                header(t.get("budget.allocated"), true),
            ],
            rows,
        };
        let mut paragraphs = self.pace_paragraphs();
        if let Some(cost) = s.cost_per_member_month {
            paragraphs.push(t.fill(
                "budget.cost_text",
                &[
                    ("paid", &l.money(s.paid)),
                    ("member_months", &l.count(s.member_months)),
                    ("cost", &l.money(cost)),
                    ("contribution", &l.money(self.model.program.contribution)),
                ],
            ));
        }
        (paragraphs, lines)
    }

    /// The share of the period elapsed beside the share paid, and the
    /// amount paid against the allocation paid evenly; nothing when
    /// nothing is allocated.
    fn pace_paragraphs(&self) -> Vec<String> {
        let s = &self.model.summary;
        let pace = &self.model.budget_pace;
        let (l, t) = (self.locale, self.strings);
        let Some(paid_pct) = s.paid_pct else {
            return Vec::new();
        };
        let elapsed = t.fill(
            "budget.pace_text",
            &[
                ("elapsed", &l.count(pace.months_elapsed)),
                ("period", &l.count(pace.period_months)),
                ("elapsed_pct", &l.percent_fixed(pace.elapsed_pct)),
                ("paid_pct", &l.percent_fixed(paid_pct)),
            ],
        );
        let gap = s.paid - pace.expected_paid;
        let key = match gap.signum() {
            -1 => "budget.pace_behind",
            1 => "budget.pace_ahead",
            _ => "budget.pace_on",
        };
        let gap_pct = Percent::of(i128::from(gap.abs()), i128::from(s.allocated))
            .expect("an allocation is paid against");
        let against = t.fill(
            key,
            &[
                ("month", &l.month(self.model.program.last_reported_month())),
                ("expected", &l.money(pace.expected_paid)),
                ("paid", &l.money(s.paid)),
                ("gap", &l.money(gap.abs())),
                ("gap_pct", &l.percent_fixed(gap_pct)),
            ],
        );
        vec![elapsed, against]
    }

    fn claims(&self, context: &mut Context, search: &mut SearchText) {
        let (paragraphs, status) = self.claims_views();
        add_paragraphs_and_table(search, &paragraphs, &status);
        context.insert("paragraphs", &paragraphs);
        context.insert("tables", &vec![status]);
    }

    /// The median time to payment, and the table of claims by status.
    pub(super) fn claims_views(&self) -> (Vec<String>, TableView) {
        let s = &self.model.summary;
        let l = self.locale;
        let t = self.strings;
        let (paid, amount) = (s.claims_paid, s.claims_paid_amount);
        let status = TableView {
            caption: t.get("claims.status_caption").to_string(),
            headers: vec![
                header(t.get("claims.status"), false),
                header(t.get("claims.count"), true),
                header(t.get("claims.amount"), true),
            ],
            rows: vec![
                vec![
                    CellView::text(t.get("claims.status_paid")),
                    CellView::number(l.count(paid)),
                    CellView::number(l.money(amount)),
                ],
                vec![
                    CellView::text(t.get("claims.status_in_process")),
                    CellView::number(l.count(s.claims_in_process)),
                    CellView::number(t.get("site.missing_value")),
                ],
                vec![
                    CellView::text(t.get("claims.status_rejected")),
                    CellView::number(l.count(s.claims_rejected)),
                    CellView::number(t.get("site.missing_value")),
                ],
            ],
        };
        let paragraph = match s.median_days_to_payment {
            Some(days) => t.fill("claims.median_days", &[("days", &l.days(days))]),
            None => t.get("claims.no_paid_claims").to_string(),
        };
        (vec![paragraph], status)
    }

    fn methodology(&self, context: &mut Context, search: &mut SearchText) {
        let (intro, privacy) = self.privacy_views();
        search.add(&intro);
        search.add_table(&privacy);
        context.insert("privacy_intro", &intro);
        context.insert("privacy_table", &privacy);
        let maps = self.maps_explained();
        for paragraph in &maps {
            search.add(paragraph);
        }
        context.insert("maps_explained", &maps);
    }

    /// How the maps are coloured, and whose boundaries they draw: for the
    /// methodology, when the site has maps.
    pub(super) fn maps_explained(&self) -> Vec<String> {
        let model = self.model;
        if model.boundaries.is_none() {
            return Vec::new();
        }
        let mut paragraphs = vec![self.strings.get("methodology.map_intro").to_string()];
        if let Some(credit) = &model.config.map_credit {
            paragraphs.push(
                self.strings
                    .fill("methodology.map_credit", &[("credit", credit)]),
            );
        }
        paragraphs
    }

    /// The privacy threshold explained, and the table of suppressed rows.
    pub(super) fn privacy_views(&self) -> (String, TableView) {
        let t = self.strings;
        let min_cell = self.model.config.min_cell;
        let intro = t.fill(
            "methodology.privacy_intro",
            &[
                ("min_cell", &min_cell.to_string()),
                ("min_cell_minus_one", &(min_cell - 1).to_string()),
            ],
        );
        let model = self.model;
        let count = |n: usize| self.locale.count(n as u64);
        // Per table: its rows, and how many of them are hidden.
        let coverage =
            |rows: &[CoverageRow]| (rows.len(), rows.iter().filter(|r| r.suppressed()).count());
        let claims =
            |rows: &[ClaimsRow]| (rows.len(), rows.iter().filter(|r| r.suppressed()).count());
        let breakdowns = [
            (
                TableId::CoverageBySector,
                coverage(&model.coverage_by_sector),
            ),
            (
                TableId::CoverageByDistrict,
                coverage(&model.coverage_by_district),
            ),
            (TableId::ClaimsBySector, claims(&model.claims_by_sector)),
            (TableId::ClaimsByDistrict, claims(&model.claims_by_district)),
        ];
        let rows: Vec<Vec<CellView>> = breakdowns
            .iter()
            .map(|&(table, (rows, suppressed))| {
                vec![
                    CellView::text(t.get(&format!("files.{}.title", table.name()))),
                    CellView::number(count(rows)),
                    CellView::number(count(suppressed)),
                ]
            })
            .collect();
        let privacy = TableView {
            caption: t.get("methodology.privacy_table_caption").to_string(),
            headers: vec![
                header(t.get("methodology.privacy_table"), false),
                header(t.get("methodology.privacy_rows"), true),
                header(t.get("methodology.privacy_suppressed"), true),
            ],
            rows,
        };
        (intro, privacy)
    }

    fn quality(&self, context: &mut Context, search: &mut SearchText) {
        let quality = self.quality_view();
        search.add(self.strings.get("quality.intro"));
        for words in quality.words() {
            search.add(words);
        }
        context.insert("quality", &quality);
    }

    /// Each check with its counts, the discrepancies found and the
    /// findings about the program, each with who should act.
    pub(super) fn quality_view(&self) -> QualityView {
        let l = self.locale;
        let t = self.strings;
        let program = &self.model.program;
        let quality = &self.model.quality;
        let actors = [
            ("administrator", program.administrator.as_str()),
            ("insurer", program.insurer.as_str()),
        ];
        let finding = |text: String, action: &str| FindingView {
            text,
            action: t.fill(action, &actors),
        };
        let mut findings = Vec::new();
        let mut outside: BTreeMap<&str, u64> = BTreeMap::new();
        for warning in &quality.warnings {
            match warning {
                QualityWarning::MembersBilledDiffer {
                    month,
                    billed,
                    covered,
                    ..
                } => findings.push(finding(
                    t.fill(
                        "quality.members_differ",
                        &[
                            ("month", &l.month(*month)),
                            ("billed", &l.count(*billed)),
                            ("covered", &l.count(*covered)),
                        ],
                    ),
                    "quality.action_members",
                )),
                QualityWarning::AmountDiffers {
                    month,
                    billed,
                    amount,
                    expected,
                    ..
                } => findings.push(finding(
                    t.fill(
                        "quality.amount_differs",
                        &[
                            ("month", &l.month(*month)),
                            ("amount", &l.money(*amount)),
                            ("members", &l.count(*billed)),
                            ("expected", &l.money(*expected)),
                        ],
                    ),
                    "quality.action_amount",
                )),
                QualityWarning::PaidExceedsAllocation { paid, allocated } => {
                    findings.push(finding(
                        t.fill(
                            "quality.paid_exceeds",
                            &[
                                ("paid", &l.money(*paid)),
                                ("allocated", &l.money(*allocated)),
                            ],
                        ),
                        "quality.action_allocation",
                    ))
                }
                QualityWarning::ClaimOutsideCoverage { benefit, .. } => {
                    *outside.entry(benefit.as_str()).or_default() += 1
                }
                QualityWarning::MonthWithoutPayment { month } => findings.push(finding(
                    t.fill(
                        "quality.month_without_payment",
                        &[("month", &l.month(*month))],
                    ),
                    "quality.action_month",
                )),
            }
        }
        // Individual claims are health data: only their count per benefit is published.
        for (benefit, count) in outside {
            findings.push(finding(
                t.fill(
                    "quality.claims_outside",
                    &[("count", &l.count(count)), ("benefit", benefit)],
                ),
                "quality.action_claims",
            ));
        }
        let program_findings = quality
            .program_findings
            .iter()
            .map(|found| match found {
                ProgramFinding::ContributionBelowUsualMinimum {
                    contribution,
                    usual,
                    usual_minimum,
                } => {
                    let parts: Vec<String> = usual
                        .iter()
                        .map(|(benefit, amount)| format!("{benefit} {}", l.money(*amount)))
                        .collect();
                    finding(
                        t.fill(
                            "quality.contribution_below",
                            &[
                                ("contribution", &l.money(*contribution)),
                                ("minimum", &l.money(*usual_minimum)),
                                ("parts", &parts.join(" + ")),
                            ],
                        ),
                        "quality.action_contribution",
                    )
                }
            })
            .collect();
        QualityView {
            checks: self.checks(&quality.checks),
            findings,
            program_findings,
        }
    }

    /// Each check, what it looked at and what agreed.
    fn checks(&self, checks: &Checks) -> Vec<CheckView> {
        let l = self.locale;
        let t = self.strings;
        let count = |n: u64| l.count(n);
        let check = |text: String, result: String, passed: bool| CheckView {
            text,
            result,
            passed,
            status: t
                .get(if passed {
                    "quality.passed"
                } else {
                    "quality.failed"
                })
                .to_string(),
        };
        let months_paid = |key: &str, matching: u64| {
            t.fill(
                key,
                &[
                    ("matching", &count(matching)),
                    ("months", &count(checks.months_paid)),
                ],
            )
        };
        vec![
            check(
                t.get("quality.check_members").to_string(),
                months_paid("quality.result_members", checks.months_members_match),
                checks.months_members_match == checks.months_paid,
            ),
            check(
                t.fill(
                    "quality.check_amount",
                    &[("contribution", &l.money(self.model.program.contribution))],
                ),
                months_paid("quality.result_amount", checks.months_amount_match),
                checks.months_amount_match == checks.months_paid,
            ),
            check(
                t.get("quality.check_allocation").to_string(),
                t.fill(
                    "quality.result_allocation",
                    &[
                        ("paid", &l.money(checks.paid)),
                        ("allocated", &l.money(checks.allocated)),
                    ],
                ),
                checks.paid_within_allocation(),
            ),
            check(
                t.get("quality.check_claims").to_string(),
                t.fill(
                    "quality.result_claims",
                    &[
                        ("outside", &count(checks.claims_outside_coverage)),
                        ("claims", &count(checks.claims)),
                    ],
                ),
                checks.claims_outside_coverage == 0,
            ),
            check(
                t.get("quality.check_months").to_string(),
                t.fill(
                    "quality.result_months",
                    &[
                        ("paid", &count(checks.months_paid)),
                        ("months", &count(checks.months)),
                    ],
                ),
                checks.months_paid == checks.months,
            ),
        ]
    }
}

pub(super) fn add_kpis(search: &mut SearchText, kpis: &[Kpi]) {
    for kpi in kpis {
        search.add(&kpi.label);
        search.add(&kpi.value);
        for detail in &kpi.details {
            search.add(detail);
        }
    }
}

fn add_paragraphs_and_table(search: &mut SearchText, paragraphs: &[String], table: &TableView) {
    for paragraph in paragraphs {
        search.add(paragraph);
    }
    search.add_table(table);
}
