//! The terminal loop: draw, wait for a key or a change on disk, update.

use std::io::stdout;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;

use super::{Theme, Thrifty, View, ViewState, keymap};
use crate::app::{Action, App};
use crate::store::{Store, StoreError};
use std::thread::JoinHandle;

/// Longest time spent on queued input before the screen is drawn again.
const INPUT_BUDGET: Duration = Duration::from_millis(40);

/// How long to look for input already on its way after one event (a paste sent as
/// keystrokes): with the level-triggered terminal source, a zero wait never looks.
const MORE_INPUT_WAIT: Duration = Duration::from_millis(1);

/// Students read before the first frame when the terminal's height is unknown.
const FIRST_PAGE_ROWS: usize = 100;

/// How often the database is checked for other people's changes.
const REFRESH_EVERY: Duration = Duration::from_millis(500);

/// The terminal as the interface draws on it.
type Screen = Terminal<Thrifty<std::io::Stdout>>;

/// Opens the terminal interface on the store; restores the terminal on exit and on panic.
///
/// `ask_who`: no name was given (`--user`, `PASSERELLE_USER`): ask who is at the keyboard.
pub fn run_tui(store: Store, ask_who: bool) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    // Only what the first screen shows is read before it is drawn (a row per line).
    let rows =
        ratatui::crossterm::terminal::size().map_or(FIRST_PAGE_ROWS, |(_, h)| usize::from(h));
    let mut app = App::start(store, today, rows.clamp(1, 500))?;
    if let Some(cause) = app.store.read_only() {
        app.warning = Some(crate::labels::read_only_warning(cause));
    } else if ask_who {
        // A read-only review writes nothing: no need to ask who signs.
        app.ask_who();
    }
    let theme = Theme::from_env();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        previous(info);
    }));
    // ratatui's set-up (raw mode, alternate screen, restore on panic), with its
    // backend wrapped so that fewer bytes cross a slow link.
    drop(ratatui::init());
    let mut terminal = match Terminal::new(Thrifty::new(stdout())) {
        Ok(terminal) => terminal,
        Err(error) => {
            ratatui::restore();
            return Err(error.into());
        }
    };
    let _ = execute!(stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app, theme);
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    result.map(|()| ExitCode::SUCCESS)
}

fn event_loop(terminal: &mut Screen, app: &mut App, theme: Theme) -> anyhow::Result<()> {
    let mut last_refresh = Instant::now();
    let mut integrity: Option<JoinHandle<Result<(), StoreError>>> = None;
    let mut first_frame = true;
    let mut burst = keymap::Burst::default();
    // Scroll offsets: the loop keeps them between frames, the App never sees them.
    let mut view = ViewState::default();
    loop {
        if let Some(check) = integrity.take_if(|h| h.is_finished()) {
            match check.join() {
                Ok(Ok(())) => {}
                Ok(Err(error)) => app.warning = Some(format!("Contrôle d'intégrité : {error}")),
                Err(_) => app.warning = Some("Le contrôle d'intégrité s'est interrompu.".into()),
            }
        }
        terminal.draw(|frame| {
            frame.render_stateful_widget(View::new(app, theme), frame.area(), &mut view)
        })?;
        if first_frame {
            if app.is_loading() {
                // The rest of the students, then the full frame at once.
                app.finish_start();
                continue;
            }
            // Checked once everything is on screen, so that opening stays instant on
            // big files (and the check does not compete with reading the students).
            integrity = app.store.spawn_quick_check();
            first_frame = false;
        }
        if app.should_quit {
            return Ok(());
        }
        let wait = REFRESH_EVERY.saturating_sub(last_refresh.elapsed());
        if event::poll(wait)? {
            // Everything already queued is applied before the next frame (a paste
            // sent as keystrokes), within a time budget so the screen keeps answering.
            let started = Instant::now();
            loop {
                let event = event::read()?;
                let more = event::poll(MORE_INPUT_WAIT)?;
                burst.apply(app, &event, more);
                if !more || app.should_quit || started.elapsed() >= INPUT_BUDGET {
                    break;
                }
            }
        }
        if last_refresh.elapsed() >= REFRESH_EVERY {
            app.update(Action::Refresh);
            last_refresh = Instant::now();
        }
    }
}
