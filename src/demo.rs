//! TEMP stub
use crate::store::{Store, StoreError};
pub struct DemoOptions {
    pub students: usize,
    pub seed: u64,
    pub today: chrono::NaiveDate,
}
pub fn generate(_store: &mut Store, _o: &DemoOptions) -> Result<(), StoreError> {
    Err(StoreError::Invalid("x".into()))
}
