//! Passerelle: the *parcours de consolidation* of Bac Pro students in 1st-year BTS.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod app;
pub mod cli;
pub mod demo;
pub mod io;
pub mod labels;
pub mod model;
pub mod print;
pub mod store;
pub mod ui;
