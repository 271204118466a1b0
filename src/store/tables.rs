//! What the writer may touch: tables, their editable columns, which text is multi-line.

/// An editable table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    Establishment,
    SchoolCalendar,
    Section,
    Cohort,
    Staff,
    Criterion,
    DifficultyType,
    Module,
    Student,
    LifeNote,
    GridValue,
    Checkin,
    Enrolment,
    Meeting,
    MeetingStudent,
    ModuleGroup,
    GroupSession,
    GroupMember,
    Attendance,
    HoursGrant,
}

impl Table {
    /// Every table, parents before children (insertion order for a restore).
    pub const ALL: &'static [Table] = &[
        Table::Establishment,
        Table::SchoolCalendar,
        Table::Section,
        Table::Cohort,
        Table::Staff,
        Table::Criterion,
        Table::DifficultyType,
        Table::Module,
        Table::Student,
        Table::LifeNote,
        Table::GridValue,
        Table::Checkin,
        Table::Enrolment,
        Table::Meeting,
        Table::MeetingStudent,
        Table::ModuleGroup,
        Table::GroupSession,
        Table::GroupMember,
        Table::Attendance,
        Table::HoursGrant,
    ];

    /// SQL name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Establishment => "establishment",
            Table::SchoolCalendar => "school_calendar",
            Table::Section => "section",
            Table::Cohort => "cohort",
            Table::Staff => "staff",
            Table::Criterion => "criterion",
            Table::DifficultyType => "difficulty_type",
            Table::Module => "module",
            Table::Student => "student",
            Table::LifeNote => "life_note",
            Table::GridValue => "grid_value",
            Table::Checkin => "checkin",
            Table::Enrolment => "enrolment",
            Table::Meeting => "meeting",
            Table::MeetingStudent => "meeting_student",
            Table::ModuleGroup => "module_group",
            Table::GroupSession => "group_session",
            Table::GroupMember => "group_member",
            Table::Attendance => "attendance",
            Table::HoursGrant => "hours_grant",
        }
    }

    /// Table from its SQL name.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// French name of one row, for messages ("élève 12").
    pub fn noun(self) -> &'static str {
        match self {
            Table::Establishment => "établissement",
            Table::SchoolCalendar => "calendrier scolaire",
            Table::Section => "section",
            Table::Cohort => "promotion",
            Table::Staff => "membre de l'équipe",
            Table::Criterion => "critère",
            Table::DifficultyType => "type de difficulté",
            Table::Module => "module",
            Table::Student => "élève",
            Table::LifeNote => "conditions de vie",
            Table::GridValue => "case de la grille",
            Table::Checkin => "point d'étape",
            Table::Enrolment => "inscription à un module",
            Table::Meeting => "réunion de pré-conseil",
            Table::MeetingStudent => "élève vu en réunion",
            Table::ModuleGroup => "groupe de module",
            Table::GroupSession => "séance de groupe",
            Table::GroupMember => "élève d'un groupe",
            Table::Attendance => "présence à une séance",
            Table::HoursGrant => "dotation horaire",
        }
    }

    /// Columns a writer may set (besides id and the version columns).
    pub const fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Establishment => &["uai", "name", "academie", "city"],
            Table::SchoolCalendar => &[
                "establishment_id",
                "school_year",
                "zone",
                "rentree",
                "toussaint_first",
                "toussaint_last",
                "noel_first",
                "noel_last",
                "hiver_first",
                "hiver_last",
                "printemps_first",
                "printemps_last",
                "summer_first",
            ],
            Table::Section => &["establishment_id", "code", "name", "sector"],
            Table::Cohort => &["section_id", "school_year"],
            Table::Staff => &[
                "last_name",
                "first_name",
                "role",
                "organisation",
                "discipline",
                "email",
                "active",
                "coordinator",
            ],
            Table::Criterion => &[
                "code",
                "domain",
                "label",
                "description",
                "difficulty",
                "position",
                "retired",
            ],
            Table::DifficultyType => &["code", "label", "description", "module_types", "retired"],
            Table::Module => &[
                "code",
                "name",
                "module_type",
                "competence",
                "difficulties",
                "objectives",
                "content",
                "led_by",
                "sessions",
                "session_minutes",
                "group_size",
                "period",
                "place",
                "evaluation",
                "hours_granted",
                "retired",
            ],
            Table::Student => &[
                "cohort_id",
                "last_name",
                "first_name",
                "ine",
                "birth_date",
                "bac_pro",
                "bac_pro_specialty",
                "origin_lycee",
                "schooling",
                "parcoursup_rank",
                "parcours_differencie",
                "referent_id",
                "verdict",
                "difficulties",
                "proposal",
                "pre_conseil_date",
                "commitments",
                "first_checkin_date",
                "bilan_s1",
                "bilan_s1_date",
                "decision_s2",
                "decision_s2_date",
                "exit_date",
                "exit_cause",
                "exit_destination",
                "diploma",
                "exit_referral",
                "exit_note",
                "next_checkin_date",
            ],
            Table::LifeNote => &["student_id", "area", "note"],
            Table::GridValue => &["student_id", "criterion_id", "level", "comment", "source"],
            Table::Checkin => &[
                "student_id",
                "date",
                "attendance",
                "progress",
                "engagement",
                "note",
            ],
            Table::Enrolment => &[
                "student_id",
                "module_id",
                "start_date",
                "end_date",
                "checkin_id",
            ],
            Table::Meeting => &["held_on", "school_year", "attendees"],
            Table::MeetingStudent => &[
                "meeting_id",
                "student_id",
                "proposal",
                "referent_id",
                "first_checkin_date",
                "commitments",
                "modules",
            ],
            Table::ModuleGroup => &[
                "module_id",
                "school_year",
                "period",
                "label",
                "leader_id",
                "capacity",
                "place",
                "establishment_id",
            ],
            Table::GroupSession => &[
                "group_id",
                "date",
                "start",
                "minutes",
                "place",
                "status",
                "cancel_reason",
            ],
            Table::GroupMember => &["group_id", "student_id", "from_date", "to_date"],
            Table::Attendance => &["session_id", "student_id", "status"],
            Table::HoursGrant => &[
                "school_year",
                "module_id",
                "label",
                "hours",
                "establishment_id",
            ],
        }
    }

    /// Columns holding free text where line breaks are kept.
    pub fn is_multiline(self, column: &str) -> bool {
        matches!(
            column,
            "description"
                | "objectives"
                | "content"
                | "evaluation"
                | "commitments"
                | "bilan_s1"
                | "exit_note"
                | "note"
                | "comment"
        )
    }

    /// Columns holding a comma-separated list of codes (empty list = "", never NULL).
    pub fn is_list(self, column: &str) -> bool {
        matches!(column, "difficulties" | "module_types" | "modules")
    }

    /// Column naming the student a row belongs to (for the student's history).
    pub(crate) fn student_column(self) -> Option<&'static str> {
        match self {
            Table::Student => Some("id"),
            Table::LifeNote
            | Table::GridValue
            | Table::Checkin
            | Table::Enrolment
            | Table::MeetingStudent
            | Table::GroupMember
            | Table::Attendance => Some("student_id"),
            _ => None,
        }
    }

    /// Whether some rows of this table hold sensitive data ([`super::Writer::is_sensitive`]).
    pub(crate) fn may_be_sensitive(self) -> bool {
        matches!(self, Table::LifeNote | Table::GridValue)
    }
}
