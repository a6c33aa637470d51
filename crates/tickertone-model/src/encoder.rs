//! The three encoder families and their classification heads, on candle's CPU tensors.
//!
//! BERT, RoBERTa and DistilBERT share one post-norm transformer layer; they differ in the
//! weights' names, RoBERTa's positions (after the padding index), DistilBERT's missing token
//! types, and the head over the first token's vector. Written here rather than taken from
//! candle-transformers: its BERT and DistilBERT have no sequence-classification head, and
//! the crate compiles a hundred other models.
//!
//! Hidden states stay a 2-D `(tokens, hidden)` matrix between layers, so every projection
//! is one matrix product over the whole batch; query, key and value are one product of
//! their stacked weights, with the attention scale folded into the query's.

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{LayerNorm, Linear, VarBuilder};

use crate::config::{Activation, Family, Shape};

type Result<T> = candle_core::Result<T>;

/// One transformer layer: self-attention, then the feed-forward block, each followed by a
/// residual sum and a layer norm.
struct Layer {
    qkv: Linear,
    out: Linear,
    attention_norm: LayerNorm,
    up: Linear,
    down: Linear,
    output_norm: LayerNorm,
}

/// The head over the first token's final vector.
enum Head {
    /// BERT: pooler (dense + tanh), then the classifier.
    Pooled { pooler: Linear, classifier: Linear },
    /// DistilBERT: pre-classifier (dense + ReLU), then the classifier.
    PreClassifier { pre: Linear, classifier: Linear },
    /// RoBERTa: dense + tanh, then the output projection.
    Dense { dense: Linear, out: Linear },
}

/// A sequence classifier, ready to run.
pub struct Encoder {
    shape: Shape,
    word: Tensor,
    positions: Tensor,
    /// The embedding of token type 0 (every sequence is one segment); none in DistilBERT.
    token_type: Option<Tensor>,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    head: Head,
    labels: usize,
}

fn layer_norm(vb: VarBuilder, size: usize, eps: f64) -> Result<LayerNorm> {
    let weight = vb.get(size, "weight")?;
    let bias = vb.get(size, "bias")?;
    Ok(LayerNorm::new(weight, bias, eps))
}

fn linear(vb: VarBuilder, input: usize, output: usize) -> Result<Linear> {
    let weight = vb.get((output, input), "weight")?;
    let bias = vb.get(output, "bias")?;
    Ok(Linear::new(weight, Some(bias)))
}

/// Query, key and value as one projection; the query (weights and bias) scaled by
/// 1/√(head size), which is where the attention scores would be divided.
fn stacked_qkv(vbs: [VarBuilder; 3], hidden: usize, head_dim: usize) -> Result<Linear> {
    let scale = 1.0 / (head_dim as f64).sqrt();
    let mut weights = Vec::with_capacity(3);
    let mut biases = Vec::with_capacity(3);
    for (i, vb) in vbs.into_iter().enumerate() {
        let (w, b) = (vb.get((hidden, hidden), "weight")?, vb.get(hidden, "bias")?);
        if i == 0 {
            weights.push((w * scale)?);
            biases.push((b * scale)?);
        } else {
            weights.push(w);
            biases.push(b);
        }
    }
    Ok(Linear::new(
        Tensor::cat(&weights, 0)?,
        Some(Tensor::cat(&biases, 0)?),
    ))
}

impl Encoder {
    /// Builds the model from its weights (every tensor is read and its shape checked here:
    /// a missing or misshapen one fails the load, not a later batch).
    pub fn load(vb: VarBuilder, shape: &Shape, labels: usize) -> Result<Encoder> {
        let h = shape.hidden;
        let head_dim = h / shape.heads;
        let eps = shape.layer_norm_eps;
        let base = vb.pp(shape.family.prefix());
        let emb = base.pp("embeddings");
        let word = emb.get((shape.vocab_size, h), "word_embeddings.weight")?;
        let positions = emb.get((shape.max_positions, h), "position_embeddings.weight")?;
        let token_type = match shape.family {
            Family::DistilBert => None,
            _ => Some(
                emb.get((shape.type_vocab_size, h), "token_type_embeddings.weight")?
                    .get(0)?,
            ),
        };
        let embedding_norm = layer_norm(emb.pp("LayerNorm"), h, eps)?;
        let mut layers = Vec::with_capacity(shape.layers);
        for i in 0..shape.layers {
            layers.push(match shape.family {
                Family::DistilBert => {
                    let l = base.pp(format!("transformer.layer.{i}"));
                    let a = l.pp("attention");
                    Layer {
                        qkv: stacked_qkv(
                            [a.pp("q_lin"), a.pp("k_lin"), a.pp("v_lin")],
                            h,
                            head_dim,
                        )?,
                        out: linear(a.pp("out_lin"), h, h)?,
                        attention_norm: layer_norm(l.pp("sa_layer_norm"), h, eps)?,
                        up: linear(l.pp("ffn.lin1"), h, shape.intermediate)?,
                        down: linear(l.pp("ffn.lin2"), shape.intermediate, h)?,
                        output_norm: layer_norm(l.pp("output_layer_norm"), h, eps)?,
                    }
                }
                _ => {
                    let l = base.pp(format!("encoder.layer.{i}"));
                    let a = l.pp("attention");
                    let s = a.pp("self");
                    Layer {
                        qkv: stacked_qkv([s.pp("query"), s.pp("key"), s.pp("value")], h, head_dim)?,
                        out: linear(a.pp("output.dense"), h, h)?,
                        attention_norm: layer_norm(a.pp("output.LayerNorm"), h, eps)?,
                        up: linear(l.pp("intermediate.dense"), h, shape.intermediate)?,
                        down: linear(l.pp("output.dense"), shape.intermediate, h)?,
                        output_norm: layer_norm(l.pp("output.LayerNorm"), h, eps)?,
                    }
                }
            });
        }
        let head = match shape.family {
            Family::Bert => Head::Pooled {
                pooler: linear(base.pp("pooler.dense"), h, h)?,
                classifier: linear(vb.pp("classifier"), h, labels)?,
            },
            Family::DistilBert => Head::PreClassifier {
                pre: linear(vb.pp("pre_classifier"), h, h)?,
                classifier: linear(vb.pp("classifier"), h, labels)?,
            },
            Family::Roberta => Head::Dense {
                dense: linear(vb.pp("classifier.dense"), h, h)?,
                out: linear(vb.pp("classifier.out_proj"), h, labels)?,
            },
        };
        Ok(Encoder {
            shape: shape.clone(),
            word,
            positions,
            token_type,
            embedding_norm,
            layers,
            head,
            labels,
        })
    }

    /// The logits of a batch: `ids` holds `rows` sequences of `width` tokens each, padded
    /// after their `lengths[i]` real tokens. Returns `rows × labels` numbers.
    pub fn logits(&self, ids: &[u32], lengths: &[usize], width: usize) -> Result<Vec<f32>> {
        let rows = lengths.len();
        let dev = Device::Cpu;
        let h = self.shape.hidden;
        let ids = Tensor::from_slice(ids, rows * width, &dev)?;
        // RoBERTa numbers positions from padding_idx + 1; padded tokens' positions are
        // never attended to, so every row can take the same run.
        let offset = match self.shape.family {
            Family::Roberta => self.shape.pad_token_id as usize + 1,
            _ => 0,
        };
        let positions = self.positions.narrow(0, offset, width)?;
        let mut x = self
            .word
            .index_select(&ids, 0)?
            .reshape((rows, width, h))?
            .broadcast_add(&positions)?;
        if let Some(t) = &self.token_type {
            x = x.broadcast_add(t)?;
        }
        let mut x = self
            .embedding_norm
            .forward(&x.reshape((rows * width, h))?)?;
        let mask = additive_mask(lengths, width)?;
        let last = self.layers.len().saturating_sub(1);
        for (i, layer) in self.layers.iter().enumerate() {
            x = self.layer(layer, &x, &mask, (rows, width), i == last)?;
        }
        // The last layer returned the first tokens only.
        let first = match self.layers.is_empty() {
            true => x
                .reshape((rows, width, h))?
                .narrow(1, 0, 1)?
                .reshape((rows, h))?,
            false => x,
        };
        let logits = match &self.head {
            Head::Pooled { pooler, classifier } => {
                classifier.forward(&pooler.forward(&first)?.tanh()?)?
            }
            Head::PreClassifier { pre, classifier } => {
                classifier.forward(&pre.forward(&first)?.relu()?)?
            }
            Head::Dense { dense, out } => out.forward(&dense.forward(&first)?.tanh()?)?,
        };
        debug_assert_eq!(logits.dims(), [rows, self.labels]);
        logits.flatten_all()?.to_vec1::<f32>()
    }

    /// One layer over `(rows × width, hidden)` states. With `first_only` (the last layer:
    /// the head reads only each row's first token) nothing past the keys and values is
    /// computed for the other tokens, and `(rows, hidden)` is returned.
    fn layer(
        &self,
        layer: &Layer,
        x: &Tensor,
        mask: &Tensor,
        (rows, width): (usize, usize),
        first_only: bool,
    ) -> Result<Tensor> {
        let h = self.shape.hidden;
        let heads = self.shape.heads;
        let d = h / heads;
        let qkv = layer
            .qkv
            .forward(x)?
            .reshape((rows, width, 3, heads, d))?
            .permute((2, 0, 3, 1, 4))?
            .contiguous()?;
        let (q, k, v) = (qkv.get(0)?, qkv.get(1)?, qkv.get(2)?);
        let (q, x, queries) = match first_only {
            true => (
                q.narrow(2, 0, 1)?,
                x.reshape((rows, width, h))?
                    .narrow(1, 0, 1)?
                    .reshape((rows, h))?,
                1,
            ),
            false => (q, x.clone(), width),
        };
        let scores = q.matmul(&k.t()?)?.broadcast_add(mask)?;
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = probs
            .matmul(&v)?
            .transpose(1, 2)?
            .reshape((rows * queries, h))?;
        let attended = layer
            .attention_norm
            .forward(&(layer.out.forward(&context)? + x)?)?;
        let up = layer.up.forward(&attended)?;
        let up = match self.shape.activation {
            Activation::Gelu => up.gelu_erf()?,
            Activation::GeluTanh => up.gelu()?,
            Activation::Relu => up.relu()?,
        };
        layer
            .output_norm
            .forward(&(layer.down.forward(&up)? + attended)?)
    }
}

/// `(rows, 1, 1, width)`: 0 where a row has a token, the lowest float where it is padded
/// (as `transformers` masks), added to the attention scores.
fn additive_mask(lengths: &[usize], width: usize) -> Result<Tensor> {
    let mut m = vec![0f32; lengths.len() * width];
    for (row, &len) in lengths.iter().enumerate() {
        for v in &mut m[row * width + len.min(width)..(row + 1) * width] {
            *v = f32::MIN;
        }
    }
    Tensor::from_vec(m, (lengths.len(), 1, 1, width), &Device::Cpu)?.to_dtype(DType::F32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_is_masked() {
        let m = additive_mask(&[2, 3], 3).unwrap();
        let v: Vec<f32> = m.flatten_all().unwrap().to_vec1().unwrap();
        assert_eq!(v, [0.0, 0.0, f32::MIN, 0.0, 0.0, 0.0]);
    }
}
