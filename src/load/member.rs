//! One member as the model sees it. The members.csv readers make it and the
//! claimants keep it ([`super::claimants`]); it lives apart from both so
//! that imports run one way: members -> claimants -> member.

use super::reference::{DistrictId, SectorId};
use crate::calendar::Month;

/// What the model needs of one member: 12 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Member {
    pub sector: SectorId,
    pub district: DistrictId,
    pub covered_from: Month,
    /// The last covered month: covered_until, or the period's end when empty.
    pub covered_until: Month,
}
