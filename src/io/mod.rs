//! Imports and exports: SIECLE, CSV, JSON.
