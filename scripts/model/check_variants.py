#!/usr/bin/env python3
"""tickertone's `score --model` against `transformers` on model folders shaped unlike the
committed fixtures: the check issue 24's "Done means" describes, run by hand.

Builds random sequence classifiers (seeded weights; the vocabularies trained here may
differ from run to run) in a temporary folder, saved the ways a desk's folder comes
(tokenizer.json from save_pretrained, or a bare vocab.txt; safetensors or
pytorch_model.bin; cased and uncased; two or three labels; gelu and gelu_new; FinBERT's
full shape, 12 layers of 768), scores the 50 sentences of
sentences.txt and a few texts longer than the window with `transformers` (PyTorch, CPU),
then with `tickertone score --model DIR`, and prints the largest difference per model. It
fails when one is over 1e-3 (the scores are printed to 4 decimals).

  python3 scripts/model/check_variants.py target/release/tickertone

Needs PyPI's torch, transformers and tokenizers (not needed to build or test tickertone).
Writes only to a temporary folder; the FinBERT-shaped model takes 440 MB there.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
from tokenizers import BertWordPieceTokenizer, ByteLevelBPETokenizer, processors
from transformers import (
    AutoTokenizer,
    BertConfig,
    BertForSequenceClassification,
    DistilBertConfig,
    DistilBertForSequenceClassification,
    PreTrainedTokenizerFast,
    RobertaConfig,
    RobertaForSequenceClassification,
)

HERE = Path(__file__).resolve().parent
SENTENCES = [s for s in (HERE / "sentences.txt").read_text(encoding="utf-8").splitlines() if s]
# Texts longer than every window here (truncated the same way by both), and a few that
# exercise the normaliser: accents, CJK characters, a literal special token.
EXTRA = [
    " ".join(SENTENCES[i:i + 25]) for i in (0, 25)
] + [
    "Société Générale's profit rose 12% in Zürich; Nestlé fell.",
    "Tencent 腾讯 shares rose after results [SEP] beat estimates.",
    "UPPER CASE HEADLINE: SHARES PLUNGE AS CEO QUITS",
]
TEXTS = SENTENCES + EXTRA
TOLERANCE = 1e-3


def randomise(model, seed, spread):
    """Every parameter random (layer norms near 1, biases small), so each one shows."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            if "LayerNorm" in name or "layer_norm" in name:
                if name.endswith("weight"):
                    p.copy_(0.5 + torch.rand(p.shape, generator=gen))
                else:
                    p.copy_(0.2 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(spread * torch.randn(p.shape, generator=gen))
    return model.eval()


def wordpiece(folder, lowercase, vocab_size):
    tok = BertWordPieceTokenizer(lowercase=lowercase)
    tok.train_from_iterator(SENTENCES, vocab_size=vocab_size, min_frequency=1,
                            special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    tok.save_model(str(folder))
    return tok


def labels(names):
    return dict(id2label=dict(enumerate(names)), label2id={n: i for i, n in enumerate(names)})


def bert_fast_cased_two_labels(folder):
    """save_pretrained of a cased fast tokenizer (tokenizer.json) and the model
    (model.safetensors); two labels; gelu_new."""
    trained = wordpiece(folder, lowercase=False, vocab_size=500)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=trained._tokenizer, model_max_length=64, unk_token="[UNK]",
        sep_token="[SEP]", pad_token="[PAD]", cls_token="[CLS]", mask_token="[MASK]")
    fast.save_pretrained(folder)
    (folder / "vocab.txt").unlink()
    config = BertConfig(vocab_size=len(fast), hidden_size=48, num_hidden_layers=3,
                        num_attention_heads=6, intermediate_size=96,
                        max_position_embeddings=64, hidden_act="gelu_new",
                        **labels(["NEGATIVE", "POSITIVE"]))
    return randomise(BertForSequenceClassification(config), 101, 0.3), "safetensors"


def bert_vocab_uncased_bin(folder):
    """ProsusAI/finbert's files: vocab.txt, tokenizer_config.json, special_tokens_map.json
    and pytorch_model.bin."""
    wordpiece(folder, lowercase=True, vocab_size=450)
    (folder / "tokenizer_config.json").write_text(json.dumps(
        {"do_lower_case": True, "model_max_length": 40}))
    (folder / "special_tokens_map.json").write_text(json.dumps(
        {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
         "cls_token": "[CLS]", "mask_token": "[MASK]"}))
    config = BertConfig(vocab_size=450, hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=4, intermediate_size=64,
                        max_position_embeddings=512,
                        **labels(["positive", "negative", "neutral"]))
    return randomise(BertForSequenceClassification(config), 102, 0.3), "bin"


def distilbert_vocab_safetensors(folder):
    """DistilBERT from vocab.txt alone, labels in capitals."""
    wordpiece(folder, lowercase=True, vocab_size=420)
    config = DistilBertConfig(vocab_size=420, dim=32, n_layers=3, n_heads=4, hidden_dim=64,
                              max_position_embeddings=40,
                              **labels(["NEGATIVE", "NEUTRAL", "POSITIVE"]))
    return randomise(DistilBertForSequenceClassification(config), 103, 0.3), "safetensors"


def roberta_fast_bin(folder):
    """RoBERTa with tokenizer.json from save_pretrained, pytorch_model.bin, named labels."""
    trained = ByteLevelBPETokenizer()
    trained.train_from_iterator(SENTENCES, vocab_size=600, min_frequency=2,
                                special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    tok = trained._tokenizer
    tok.post_processor = processors.RobertaProcessing(
        ("</s>", tok.token_to_id("</s>")), ("<s>", tok.token_to_id("<s>")))
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, model_max_length=50, bos_token="<s>", eos_token="</s>",
        sep_token="</s>", cls_token="<s>", unk_token="<unk>", pad_token="<pad>",
        mask_token="<mask>")
    fast.save_pretrained(folder)
    config = RobertaConfig(vocab_size=len(fast), hidden_size=40, num_hidden_layers=2,
                           num_attention_heads=5, intermediate_size=80,
                           max_position_embeddings=52, type_vocab_size=1, pad_token_id=1,
                           bos_token_id=0, eos_token_id=2,
                           **labels(["neutral", "positive", "negative"]))
    return randomise(RobertaForSequenceClassification(config), 104, 0.3), "bin"


def finbert_shaped(folder):
    """FinBERT's shape (12 layers, 768 hidden, 3072 intermediate, 512 positions) with a
    trained-here vocabulary: the error a full-size model accumulates."""
    wordpiece(folder, lowercase=True, vocab_size=800)
    (folder / "tokenizer_config.json").write_text(json.dumps({"do_lower_case": True}))
    config = BertConfig(vocab_size=800, **labels(["positive", "negative", "neutral"]))
    return randomise(BertForSequenceClassification(config), 105, 0.05), "safetensors"


def reference(folder, model):
    tokenizer = AutoTokenizer.from_pretrained(folder)
    names = [model.config.id2label[i].lower() for i in range(model.config.num_labels)]
    positions = model.config.max_position_embeddings
    if model.config.model_type == "roberta":
        positions -= model.config.pad_token_id + 1
    window = min(tokenizer.model_max_length, positions)
    batch = tokenizer(TEXTS, truncation=True, max_length=window, padding=True,
                      return_tensors="pt")
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"],
                       attention_mask=batch["attention_mask"]).logits
    probs = torch.softmax(logits.double(), dim=-1)
    return [float(p[names.index("positive")] - p[names.index("negative")]) for p in probs]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    torch.manual_seed(0)
    worst_all = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for build in (bert_fast_cased_two_labels, bert_vocab_uncased_bin,
                      distilbert_vocab_safetensors, roberta_fast_bin, finbert_shaped):
            folder = Path(tmp) / build.__name__
            folder.mkdir()
            model, weights = build(folder)
            if weights == "bin":
                # PyTorch's own format (recent transformers save safetensors only).
                model.config.save_pretrained(folder)
                torch.save(model.state_dict(), folder / "pytorch_model.bin")
            else:
                model.save_pretrained(folder)
            want = reference(folder, model)
            run = subprocess.run([binary, "score", "--model", str(folder)],
                                 input="\n".join(TEXTS) + "\n", capture_output=True,
                                 text=True, check=False)
            if run.returncode != 0:
                sys.exit(f"{build.__name__}: tickertone failed:\n{run.stderr}")
            got = [float(x) for x in run.stdout.split()]
            assert len(got) == len(want), (len(got), len(want))
            worst = max(abs(g - w) for g, w in zip(got, want))
            spread = max(want) - min(want)
            print(f"{build.__name__:32} {len(want)} texts, scores {min(want):+.3f}..{max(want):+.3f}"
                  f" (spread {spread:.3f}): largest difference {worst:.1e}")
            worst_all = max(worst_all, worst)
    print(f"largest difference over every model: {worst_all:.1e} (tolerance {TOLERANCE})")
    return 0 if worst_all <= TOLERANCE else 1


if __name__ == "__main__":
    sys.exit(main())
