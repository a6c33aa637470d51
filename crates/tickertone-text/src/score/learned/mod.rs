//! The learned scorer: a three-class linear model (negative, neutral, positive) over the
//! hashed words and word pairs of a sentence and the rules' valence ([`features`]).
//!
//! Its weights are data in the crate (`data/scorer-model.bin`, trained by
//! `scripts/train/train.sh`; see `scripts/train/README.md`), compiled in with
//! `include_bytes!`: nothing is read at run time and no network is needed. Hashed weights
//! are 16-bit integers summed exactly, and the softmax uses an exponential made of basic
//! IEEE operations only, so every machine gives the same score, bit for bit.
//!
//! A sentence's score is P(positive) − P(negative), in [−1, 1].

pub(crate) mod features;

use std::sync::OnceLock;

pub use features::Feat;
pub(crate) use features::{FeatScratch, BUCKETS, DENSE};

pub(crate) const NEGATIVE: usize = 0;
pub(crate) const POSITIVE: usize = 2;
pub const CLASSES: usize = 3;

const MAGIC: &[u8; 4] = b"TTSM";
const VERSION: u32 = 1;

static MODEL_BYTES: &[u8] = include_bytes!("../../../data/scorer-model.bin");

/// What turns a sentence's features into three logits: the shipped model, or the
/// trainer's floating-point weights while it trains.
pub trait Weights {
    /// Logits of (negative, neutral, positive).
    fn logits(&self, feats: &[Feat]) -> [f64; CLASSES];
    /// What one feature adds to each logit.
    fn contribution(&self, feat: Feat) -> [f64; CLASSES];
    /// The constant part of the logits.
    fn bias(&self) -> [f64; CLASSES];
}

/// The shipped model.
pub(crate) struct Model {
    bias: [f64; CLASSES],
    dense: [[f64; CLASSES]; DENSE],
    scale: f64,
    /// `BUCKETS × CLASSES` quantised weights, or empty (no hashed features).
    table: Vec<i16>,
}

impl Model {
    /// Parses a model file; `None` if it is not one this code reads.
    pub(crate) fn parse(b: &[u8]) -> Option<Model> {
        let mut r = Reader { b, at: 0 };
        if r.take(4)? != MAGIC || r.u32()? != VERSION {
            return None;
        }
        let bits = r.u32()?;
        let scale = f64::from(r.f32()?);
        let mut bias = [0.0; CLASSES];
        for v in &mut bias {
            *v = f64::from(r.f32()?);
        }
        let mut dense = [[0.0; CLASSES]; DENSE];
        for row in &mut dense {
            for v in row.iter_mut() {
                *v = f64::from(r.f32()?);
            }
        }
        let table = match bits {
            0 => Vec::new(),
            b if b == features::BITS => {
                let raw = r.take(BUCKETS * CLASSES * 2)?;
                raw.chunks_exact(2)
                    .map(|c| i16::from_le_bytes([c[0], c[1]]))
                    .collect()
            }
            _ => return None,
        };
        (r.at == b.len()).then_some(Model {
            bias,
            dense,
            scale,
            table,
        })
    }

    /// The model compiled into the crate (an all-zero model if the file were unreadable,
    /// which a unit test rules out).
    pub(crate) fn get() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::parse(MODEL_BYTES).unwrap_or(Model {
                bias: [0.0; CLASSES],
                dense: [[0.0; CLASSES]; DENSE],
                scale: 0.0,
                table: Vec::new(),
            })
        })
    }

    /// Writes a model file: the trainer's weights quantised to 16 bits.
    pub fn write(
        bias: [f32; CLASSES],
        dense: &[[f32; CLASSES]; DENSE],
        table: &[[f32; CLASSES]],
    ) -> Vec<u8> {
        let max = table
            .iter()
            .flatten()
            .fold(0.0f32, |m, &w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / 32767.0;
        let mut out = Vec::with_capacity(64 + table.len() * 6);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        let bits = if table.len() == BUCKETS {
            features::BITS
        } else {
            0
        };
        out.extend_from_slice(&bits.to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for v in bias {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for row in dense {
            for v in row {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        if bits != 0 {
            for row in table {
                for &w in row {
                    let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
                    out.extend_from_slice(&q.to_le_bytes());
                }
            }
        }
        out
    }
}

impl Weights for Model {
    fn logits(&self, feats: &[Feat]) -> [f64; CLASSES] {
        let mut acc = [0i64; CLASSES];
        let mut out = self.bias;
        for f in feats {
            let i = f.idx as usize;
            if i < BUCKETS {
                if let Some(w) = self.table.get(i * CLASSES..i * CLASSES + CLASSES) {
                    // Hashed features count 1 each: an exact integer sum.
                    for c in 0..CLASSES {
                        acc[c] += i64::from(w[c]);
                    }
                }
            } else if let Some(d) = self.dense.get(i - BUCKETS) {
                for c in 0..CLASSES {
                    out[c] += d[c] * f64::from(f.val);
                }
            }
        }
        for c in 0..CLASSES {
            out[c] += acc[c] as f64 * self.scale;
        }
        out
    }

    fn contribution(&self, f: Feat) -> [f64; CLASSES] {
        let i = f.idx as usize;
        let mut out = [0.0; CLASSES];
        if i < BUCKETS {
            if let Some(w) = self.table.get(i * CLASSES..i * CLASSES + CLASSES) {
                for c in 0..CLASSES {
                    out[c] = f64::from(w[c]) * self.scale;
                }
            }
        } else if let Some(d) = self.dense.get(i - BUCKETS) {
            for c in 0..CLASSES {
                out[c] = d[c] * f64::from(f.val);
            }
        }
        out
    }

    fn bias(&self) -> [f64; CLASSES] {
        self.bias
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        let s = self.take(4)?;
        Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Option<f32> {
        self.u32().map(f32::from_bits)
    }
}

/// e^x from basic IEEE operations only (no platform `exp`), so results are identical on
/// every machine; relative error below 1e-15 on [−40, 40] (inputs are clamped there).
pub(crate) fn exp(x: f64) -> f64 {
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    let x = x.clamp(-40.0, 40.0);
    let k = (x / std::f64::consts::LN_2).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Taylor series to r^13 / 13!: |r| ≤ 0.35, so the rest is below 1e-17.
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=13 {
        term = term * r / f64::from(n);
        sum += term;
    }
    // 2^k for |k| ≤ 58, built from its exponent bits.
    let bits = ((k as i64 + 1023) as u64) << 52;
    sum * f64::from_bits(bits)
}

/// Softmax probabilities of three logits.
pub fn probabilities(l: [f64; CLASSES]) -> [f64; CLASSES] {
    let m = l[0].max(l[1]).max(l[2]);
    let e = [exp(l[0] - m), exp(l[1] - m), exp(l[2] - m)];
    let z = e[0] + e[1] + e[2];
    [e[0] / z, e[1] / z, e[2] / z]
}

/// P(positive) − P(negative).
pub(crate) fn polarity(l: [f64; CLASSES]) -> f64 {
    let p = probabilities(l);
    (p[POSITIVE] - p[NEGATIVE]).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_parses() {
        let m = Model::parse(MODEL_BYTES).expect("data/scorer-model.bin is a model");
        assert!(m.table.is_empty() || m.table.len() == BUCKETS * CLASSES);
    }

    #[test]
    fn write_then_parse_round_trips() {
        let mut table = vec![[0.0f32; CLASSES]; BUCKETS];
        table[7] = [-1.0, 0.5, 2.0];
        let bytes = Model::write([0.1, 0.2, 0.3], &[[1.0, 0.0, -1.0]; DENSE], &table);
        let m = Model::parse(&bytes).expect("parses");
        let l = m.logits(&[Feat { idx: 7, val: 1.0 }]);
        assert!((l[2] - 2.3).abs() < 1e-3, "{l:?}");
        assert!((l[0] - (-0.9)).abs() < 1e-3, "{l:?}");
        assert!(Model::parse(&bytes[..bytes.len() - 1]).is_none());
    }

    #[test]
    fn exp_matches_std_closely() {
        for i in -400..=400 {
            let x = f64::from(i) / 10.0;
            let (a, b) = (exp(x), x.exp());
            assert!(((a - b) / b).abs() < 1e-14, "{x}: {a} vs {b}");
        }
        let p = probabilities([0.0, 0.0, 0.0]);
        assert!((p[0] - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(polarity([1.0, 0.0, 1.0]), 0.0);
    }
}
