//! Paired, interleaved timing shared by the benches: short slices of a baseline and of
//! the measured code, alternating which runs first, each pair's ratio kept.

use std::time::Instant;

/// Medians and spread of many pairs of slices.
pub struct Pairs {
    /// Each pair's measured time over its baseline time, sorted.
    pub ratios: Vec<f64>,
    /// Nanoseconds per call of the baseline, sorted.
    pub baseline_ns: Vec<f64>,
    /// Nanoseconds per call of the measured code, sorted.
    pub measured_ns: Vec<f64>,
}

/// Runs `pairs` pairs of `iterations`-call slices of `baseline` and `measured` (after a
/// warm-up of 20 pairs).
pub fn measure(
    pairs: usize,
    iterations: u32,
    mut baseline: impl FnMut(),
    mut measured: impl FnMut(),
) -> Pairs {
    let slice = |run: &mut dyn FnMut()| {
        let started = Instant::now();
        for _ in 0..iterations {
            run();
        }
        started.elapsed().as_secs_f64() * 1e9 / f64::from(iterations)
    };
    for _ in 0..20 {
        slice(&mut baseline);
        slice(&mut measured);
    }
    let mut result = Pairs {
        ratios: Vec::with_capacity(pairs),
        baseline_ns: Vec::with_capacity(pairs),
        measured_ns: Vec::with_capacity(pairs),
    };
    for pair in 0..pairs {
        let (base, cost) = if pair % 2 == 0 {
            let base = slice(&mut baseline);
            (base, slice(&mut measured))
        } else {
            let cost = slice(&mut measured);
            (slice(&mut baseline), cost)
        };
        result.ratios.push(cost / base);
        result.baseline_ns.push(base);
        result.measured_ns.push(cost);
    }
    for values in [
        &mut result.ratios,
        &mut result.baseline_ns,
        &mut result.measured_ns,
    ] {
        values.sort_by(f64::total_cmp);
    }
    result
}

/// The value at `share` (0.5 the median) of sorted values.
pub fn percentile(sorted: &[f64], share: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * share).round() as usize]
}
