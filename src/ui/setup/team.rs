//! Settings tab: team (to be written).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::ui::{View, ViewState};

pub fn render(_view: &View, _area: Rect, _buf: &mut Buffer, _state: &mut ViewState) {}
