//! Programmes: what the charity runs at a location.

use crate::errors::Problem;

/// The kind of a programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProgrammeKind {
    /// A Children's Village: family houses with SOS parents.
    ChildrensVillage,
    /// Family strengthening: support so children stay with their family.
    FamilyStrengthening,
    /// Kindergarten or day-care.
    Kindergarten,
    /// School.
    School,
    /// Medical centre.
    MedicalCentre,
    /// Emergency relief.
    EmergencyRelief,
}

impl ProgrammeKind {
    /// All kinds.
    pub const ALL: [ProgrammeKind; 6] = [
        ProgrammeKind::ChildrensVillage,
        ProgrammeKind::FamilyStrengthening,
        ProgrammeKind::Kindergarten,
        ProgrammeKind::School,
        ProgrammeKind::MedicalCentre,
        ProgrammeKind::EmergencyRelief,
    ];

    /// The code.
    pub fn code(self) -> &'static str {
        match self {
            ProgrammeKind::ChildrensVillage => "childrens_village",
            ProgrammeKind::FamilyStrengthening => "family_strengthening",
            ProgrammeKind::Kindergarten => "kindergarten",
            ProgrammeKind::School => "school",
            ProgrammeKind::MedicalCentre => "medical_centre",
            ProgrammeKind::EmergencyRelief => "emergency_relief",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<ProgrammeKind, Problem> {
        ProgrammeKind::ALL.into_iter().find(|k| k.code() == code.trim()).ok_or(Problem::NotAllowed)
    }
}

/// In JSON, its code.
impl serde::Serialize for ProgrammeKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}
