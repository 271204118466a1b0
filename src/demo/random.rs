//! Small drawing helpers over the seeded generator.

use chrono::Duration;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// One item, uniformly (`None` for an empty slice).
pub(super) fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> Option<T> {
    (!items.is_empty()).then(|| items[rng.random_range(0..items.len())])
}

/// One item, with probabilities proportional to the weights.
pub(super) fn weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut draw = rng.random_range(0..total.max(1));
    for (item, weight) in items {
        if draw < *weight {
            return *item;
        }
        draw -= weight;
    }
    items[0].0
}

/// A duration between `low` and `high` days.
pub(super) fn days(rng: &mut ChaCha8Rng, low: i64, high: i64) -> Duration {
    Duration::days(rng.random_range(low..=high.max(low)))
}

/// One of the texts (empty when none).
pub(super) fn text(items: &[&'static str], rng: &mut ChaCha8Rng) -> &'static str {
    pick(rng, items).unwrap_or_default()
}
