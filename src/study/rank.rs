//! The statistics the study is made of, each written to give the numbers the Python tools
//! give (Alphalens on pandas, numpy and scipy), so that a study can be checked against them
//! to 1e-9: quintiles cut as `pandas.qcut(x, 5, labels=False) + 1` cuts them, Spearman's
//! rank correlation as `scipy.stats.spearmanr` (average ranks for ties), means, sample
//! standard deviations (n − 1, as pandas' `std`) and Pearson's correlation.

/// The quantile of each value (1 = lowest) as `pandas.qcut(values, q, labels=False) + 1`
/// gives it, or `None` where pandas raises "Bin edges must be unique" (ties across an
/// edge; Alphalens then leaves the whole day out).
pub fn qcut(values: &[f64], q: usize) -> Option<Vec<usize>> {
    if values.is_empty() || q == 0 || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let edges: Vec<f64> = quantile_levels(q)
        .into_iter()
        .map(|p| numpy_linear_quantile(&sorted, p))
        .collect();
    // pandas refuses repeated edges (unless there are only two).
    if edges.len() != 2 && edges.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    let cut = values
        .iter()
        .map(|&v| {
            // searchsorted(side="left"): the first edge ≥ v; the lowest edge is included
            // in the first bin.
            let id = if v == edges[0] {
                1
            } else {
                edges.partition_point(|&e| e < v)
            };
            // Every value lies within [edges[0], edges[q]], so id is 1..=q.
            id.clamp(1, q)
        })
        .collect();
    Some(cut)
}

/// The levels pandas asks `Series.quantile` for: `np.linspace(0, 1, q + 1)`, each nudged
/// up to the next float where `q × level` is not a whole number (pandas ≥ 3 rounds up
/// rather than to nearest), then through `np.percentile`'s `× 100 / 100`.
fn quantile_levels(q: usize) -> Vec<f64> {
    let step = 1.0 / q as f64;
    (0..=q)
        .map(|i| {
            let mut level = if i == q { 1.0 } else { i as f64 * step };
            if q as f64 * level != i as f64 {
                level = level.next_up();
            }
            (level * 100.0) / 100.0
        })
        .collect()
}

/// numpy's default ("linear") quantile of sorted values at level `p`, with numpy's own
/// interpolation arithmetic (`_lerp`: from the upper neighbour when the weight is ≥ 0.5).
fn numpy_linear_quantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let virtual_index = (n - 1) as f64 * p;
    if virtual_index >= (n - 1) as f64 {
        return sorted[n - 1];
    }
    if virtual_index < 0.0 {
        return sorted[0];
    }
    let previous = virtual_index.floor();
    let gamma = virtual_index - previous;
    let (a, b) = (sorted[previous as usize], sorted[previous as usize + 1]);
    let diff = b - a;
    if gamma >= 0.5 {
        b - diff * (1.0 - gamma)
    } else {
        a + diff * gamma
    }
}

/// Average ranks (1-based; ties share the mean of their ranks), as scipy's `rankdata`.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their mean.
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

/// Spearman's rank correlation; `None` when either side does not vary (scipy gives NaN).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&ranks(x), &ranks(y))
}

/// Pearson's correlation; `None` below two pairs or when either side does not vary.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 2 || y.len() != n {
        return None;
    }
    let (mx, my) = (mean(x)?, mean(y)?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

pub fn mean(x: &[f64]) -> Option<f64> {
    if x.is_empty() {
        None
    } else {
        Some(x.iter().sum::<f64>() / x.len() as f64)
    }
}

/// The sample standard deviation (n − 1, pandas' `std`); `None` below two values.
pub fn sample_sd(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let m = mean(x)?;
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    Some((ss / (x.len() - 1) as f64).sqrt())
}

/// The standard error of the mean, `sd / √n`; `None` below two values.
pub fn std_error(x: &[f64]) -> Option<f64> {
    Some(sample_sd(x)? / (x.len() as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_cut_as_pandas_qcut() {
        // pd.qcut([0.1, 0.5, 0.2, 0.9, 0.3, 0.7], 5, labels=False) + 1: 0.2 is an edge,
        // and an edge belongs to the bin below it.
        let q = qcut(&[0.1, 0.5, 0.2, 0.9, 0.3, 0.7], 5).unwrap();
        assert_eq!(q, [1, 3, 1, 5, 2, 4]);
        // Five distinct values: one each.
        assert_eq!(
            qcut(&[5.0, 1.0, 3.0, 2.0, 4.0], 5).unwrap(),
            [5, 1, 3, 2, 4]
        );
        // pd.qcut([0, 0, 0, 0.2, 0.5, 0.9], 5) raises: repeated edges.
        assert_eq!(qcut(&[0.0, 0.0, 0.0, 0.2, 0.5, 0.9], 5), None);
        // A tie inside a bin is fine: pd.qcut([1, 2, 2, 3, 4, 5, 6], 5, labels=False) + 1
        let values = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        assert_eq!(qcut(&values, 5).unwrap(), [1, 1, 1, 3, 4, 5, 5]);
        // Its edges to the bit (pandas' retbins): the 0.6 level nudged up first.
        let edges: Vec<f64> = quantile_levels(5)
            .into_iter()
            .map(|p| numpy_linear_quantile(&values, p))
            .collect();
        assert_eq!(
            edges,
            [
                1.0,
                2.0,
                2.4000000000000004,
                3.6000000000000014,
                4.800000000000001,
                6.0
            ]
        );
    }

    #[test]
    fn ranks_average_ties_and_spearman_follows() {
        assert_eq!(ranks(&[10.0, 20.0, 10.0, 5.0]), [2.5, 4.0, 2.5, 1.0]);
        let r = spearman(&[1.0, 2.0, 3.0, 4.0], &[10.0, 20.0, 30.0, 40.0]).unwrap();
        assert!((r - 1.0).abs() < 1e-15);
        let r = spearman(&[1.0, 2.0, 3.0, 4.0], &[4.0, 3.0, 2.0, 1.0]).unwrap();
        assert!((r + 1.0).abs() < 1e-15);
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).statistic = 0.8207826816681233
        let r = spearman(&[1.0, 2.0, 3.0, 4.0, 5.0], &[5.0, 6.0, 7.0, 8.0, 7.0]).unwrap();
        assert!((r - 0.8207826816681233).abs() < 1e-12, "{r}");
    }

    #[test]
    fn sample_statistics() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(mean(&x), Some(2.5));
        assert!((sample_sd(&x).unwrap() - 1.2909944487358056).abs() < 1e-15);
        assert_eq!(sample_sd(&[1.0]), None);
        assert!((std_error(&x).unwrap() - 0.6454972243679028).abs() < 1e-15);
    }
}
