//! The terminal loop: draw, wait for a key or a change on disk, update.

use std::io::stdout;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;

use super::{Theme, View, keymap};
use crate::app::{Action, App};
use crate::store::{Store, StoreError};
use std::thread::JoinHandle;

/// How often the database is checked for other people's changes.
const REFRESH_EVERY: Duration = Duration::from_millis(500);

/// Opens the terminal interface on the store; restores the terminal on exit and on panic.
pub fn run_tui(store: Store) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let mut app = App::new(store, today)?;
    if let Some(cause) = app.store.read_only() {
        app.warning = Some(crate::labels::read_only_warning(cause));
    }
    let theme = Theme::from_env();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        previous(info);
    }));
    let mut terminal = ratatui::init();
    let _ = execute!(stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app, theme);
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    result.map(|()| ExitCode::SUCCESS)
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, theme: Theme) -> anyhow::Result<()> {
    let mut last_refresh = Instant::now();
    let mut integrity: Option<JoinHandle<Result<(), StoreError>>> = None;
    let mut first_frame = true;
    loop {
        if let Some(check) = integrity.take_if(|h| h.is_finished()) {
            match check.join() {
                Ok(Ok(())) => {}
                Ok(Err(error)) => app.warning = Some(format!("Contrôle d'intégrité : {error}")),
                Err(_) => app.warning = Some("Le contrôle d'intégrité s'est interrompu.".into()),
            }
        }
        terminal.draw(|frame| frame.render_widget(View::new(app, theme), frame.area()))?;
        if first_frame {
            // Checked after the first frame, so that opening stays instant on big files.
            integrity = app.store.spawn_quick_check();
            first_frame = false;
        }
        if app.should_quit {
            return Ok(());
        }
        let wait = REFRESH_EVERY.saturating_sub(last_refresh.elapsed());
        if event::poll(wait)? {
            let event = event::read()?;
            if let Some(action) = keymap::action_for(&event, app) {
                app.update(action);
            }
        }
        if last_refresh.elapsed() >= REFRESH_EVERY {
            app.update(Action::Refresh);
            last_refresh = Instant::now();
        }
    }
}
