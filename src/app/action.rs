//! The screens and the actions a user can take on them.

use ratatui_textarea::Input;

use super::{dash, keys, setup};

/// The screens, in the order of the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Empty database: load the demo, import, add a student.
    Welcome,
    /// All students, with a summary of the selected one.
    Students,
    /// The repérage grid.
    Grid,
    /// Pré-conseil meeting mode.
    Meeting,
    /// Points d'étape.
    Suivi,
    /// End-of-year decisions and exits.
    Bilan,
    /// The whole parcours of one student.
    StudentPage,
    /// Réglages: establishment, team, calendar, catalogue.
    Setup,
    /// Module planner: groups, sessions, rolls, hours.
    Planner,
    /// Tableau de bord: the indicators as charts.
    Dashboard,
}

impl Screen {
    /// Screens reachable from the tab bar, in order.
    pub const TABS: [Screen; 8] = [
        Screen::Students,
        Screen::Grid,
        Screen::Meeting,
        Screen::Suivi,
        Screen::Bilan,
        Screen::Setup,
        Screen::Planner,
        Screen::Dashboard,
    ];

    pub(super) fn cycle(self, step: isize) -> Screen {
        let pos = Screen::TABS.iter().position(|s| *s == self).unwrap_or(0) as isize;
        let n = Screen::TABS.len() as isize;
        Screen::TABS[(pos + step).rem_euclid(n) as usize]
    }
}

/// Everything a user can do; keys are mapped to these by `ui::keymap`.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    Help,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    NextPane,
    PrevPane,
    /// Enter: edit or confirm.
    Confirm,
    /// Esc: cancel or close.
    Cancel,
    Undo,
    Redo,
    /// `/`: incremental search in the current list.
    Search,
    GoTo(Screen),
    NextScreen,
    PrevScreen,
    /// A letter or digit typed (boxes read it; on a screen, its table gives the intent).
    Char(char),
    /// Any other key, read through the screen's table.
    Key(keys::Key),
    /// F2…F6 in a table: the screen of that key.
    GoToTab,
    // Intents of the screens' tables (see `keys.rs`).
    /// Leave the student page.
    Back,
    OpenPage,
    OpenExitForm,
    /// The student's contrat d'engagement as a PDF (a file chosen in a form).
    PrintContract,
    /// The fiche cadre of the module under the cursor as a PDF (planner, catalogue).
    PrintModule,
    /// The project file of the year for the académie's commission as a PDF (planner).
    PrintProject,
    /// The student's dialogue sheet with the family as a PDF.
    PrintFamily,
    /// The indicators report of the dashboard's filters as a PDF.
    PrintReport,
    /// The recap of the meeting on screen (under way, shown, or chosen in the history).
    PrintRecap,
    AddStudent,
    LoadDemo,
    OpenImport,
    FilterSection,
    FilterPhase,
    FilterReferent,
    FilterYear,
    ClearFilters,
    /// Show or mask the conditions de vie (logged).
    ToggleSensitive,
    EditIdentity,
    EditLifeNotes,
    /// Grid: a level (`None`: non évalué), then the next cell in the entry direction.
    SetLevel(Option<u8>),
    /// Grid: the next cell in the entry direction, nothing written.
    Advance,
    /// Grid: switch the entry direction (down a column or along a row).
    ToggleDirection,
    CopyAbove,
    FillDown,
    EditComment,
    SetVerdict(Option<crate::model::Verdict>),
    ApplySuggested,
    /// Meeting: next / previous student of the queue.
    NextStudent,
    PrevStudent,
    NextField,
    PrevField,
    EditField,
    CycleProposal(isize),
    SetProposal(Option<crate::model::Proposal>),
    OpenModulePicker,
    OpenStopModulePicker,
    OpenReferentPicker,
    EditFirstCheckin,
    EditCommitments,
    ToggleRecap,
    /// Meeting: the meetings kept in the database.
    OpenMeetingHistory,
    /// Meeting: who attends.
    EditAttendees,
    NewCheckin,
    EditBilanS1,
    /// Suivi: students in progress, finished, or all.
    CycleSuiviScope,
    /// Bilan S2: the decision for the student under the cursor, who stays selected.
    SetDecision(Option<crate::model::DecisionS2>),
    CycleDiploma,
    /// A key typed into the field being edited.
    Text(Input),
    /// Text pasted in (bracketed paste).
    Paste(String),
    /// Save the field being edited (Ctrl-S).
    Save,
    /// Another process changed the database: reload, keep the cursor.
    Refresh,
    /// Settings: a new section in the establishment under the cursor.
    AddSection,
    /// Settings: a second establishment in the file (cité scolaire, académie).
    AddEstablishment,
    /// Settings, catalogue: show modules, criteria or difficulty types.
    ShowCatalogue(setup::catalogue::CatalogueList),
    /// Settings, catalogue: a new entry in the list shown.
    NewCatalogueEntry,
    /// Settings, catalogue: a new module copied from the one under the cursor.
    CopyModule,
    /// Settings, catalogue: retire the entry under the cursor, or restore it.
    ToggleRetired,
    /// Settings, catalogue: move the criterion under the cursor up (-1) or down (1).
    MoveCriterion(isize),
    /// Settings, team: a new member.
    AddMember,
    /// Settings, team: import the team from a CSV file.
    ImportTeam,
    /// Settings, team: the member under the cursor becomes inactive, or active again.
    ToggleMemberActive,
    /// Settings, team: the member under the cursor coordinates the scheme, or no longer.
    ToggleCoordinator,
    /// Settings, team: hide or show the inactive members.
    ToggleShowInactive,
    /// Settings, calendar: the next establishment of the file.
    NextEstablishment,
    /// Settings, calendar: forget the team's dates, back to the national default.
    ResetCalendar,
    /// Planner, roll: the mark of the student under the cursor, then the next one.
    SetAttendance(crate::model::planner::AttendanceMark),
    /// Planner, modules: place the module's « à placer » students by capacity.
    PlaceStudents,
    /// Planner, group: take the student under the cursor out of the group.
    RemoveMember,
    /// Planner, group: move the student under the cursor to another group.
    MoveMember,
    /// Planner: a new group of the module (groups level), a new session (group level).
    AddGroup,
    /// Planner, group: cancel the session under the cursor (a reason is asked).
    CancelSession,
    /// Planner, group: move the session under the cursor to another day or time.
    MoveSession,
    /// Planner, modules: the list or the grid modules × periods.
    TogglePlannerGrid,
    /// Planner, modules: the hours granted to the module under the cursor this year.
    GrantHours,
    /// Planner, modules: the year's envelopes (hours granted to no module).
    ShowEnvelopes,
    /// Planner: the hours per section and establishment.
    ShowSectionHours,
    /// Planner, envelopes: a new envelope.
    AddEnvelope,
    /// Planner, envelopes: remove the envelope under the cursor.
    RemoveGrant,
    /// Dashboard: the next value of one filter.
    DashFilter(dash::DashFilter),
    /// Dashboard: clear its filters.
    ClearDashFilters,
}
