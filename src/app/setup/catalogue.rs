//! Settings tab: catalogue (to be written).

use crate::app::keys::Binding;
use crate::app::{Action, App};

pub fn bindings(_app: &App) -> Vec<Binding> {
    Vec::new()
}

impl App {
    pub(in crate::app) fn update_setup_catalogue(&mut self, _action: Action) {}
}
