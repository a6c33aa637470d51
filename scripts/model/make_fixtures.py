#!/usr/bin/env python3
"""Tiny random sequence classifiers of each family tickertone runs, and their outputs.

Builds, from config objects (nothing is downloaded), one seeded random model per family
with a tokenizer trained here on this folder's own sentences, saves each as a Hugging Face
folder under crates/tickertone-model/tests/fixtures/<name>/, then records what
`transformers` (PyTorch, CPU) gives for the 50 sentences of sentences.txt: token ids,
logits and P(positive) - P(negative). tickertone's tests check their own against these.

  tiny-bert        BERT, vocab.txt only (WordPiece, lower case), model.safetensors,
                   labels positive / negative / neutral (ProsusAI/finbert's order)
  tiny-distilbert  DistilBERT, tokenizer.json, pytorch_model.bin,
                   labels Neutral / Positive / Negative (finbert-tone's)
  tiny-roberta     RoBERTa, vocab.json + merges.txt (byte-level BPE), model.safetensors,
                   labels LABEL_0..2 (tickertone needs [scorer] labels = ["negative",
                   "neutral", "positive"]; the reference scores use that order)

Run from the repository root, with PyPI's torch (CPU is enough), transformers and
tokenizers:  python3 scripts/model/make_fixtures.py
The script is deterministic: a re-run writes the same models and the same references.
"""

import json
import os
import shutil
import sys
from pathlib import Path

import torch
from tokenizers import ByteLevelBPETokenizer, BertWordPieceTokenizer
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
OUT = HERE.parents[1] / "crates" / "tickertone-model" / "tests" / "fixtures"
SENTENCES = [s for s in (HERE / "sentences.txt").read_text(encoding="utf-8").splitlines() if s]
# Small windows, so that the longest sentence is truncated.
WINDOW = 48
SHAPE = dict(hidden=32, layers=2, heads=4, intermediate=64)


def corpus():
    """The text the tiny tokenizers learn from: the sentences themselves, so that most
    words are whole tokens and some are split or unknown."""
    return SENTENCES[::2]


def randomise(model, seed):
    """Every parameter random and far from its initial value (biases and layer norms too),
    so each one shows in the outputs: PyTorch's default init leaves biases at zero and
    layer norms at one, and a 0.02 spread gives near-uniform outputs."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            if "LayerNorm" in name or "layer_norm" in name:
                if name.endswith("weight"):
                    p.copy_(0.5 + torch.rand(p.shape, generator=gen))
                else:
                    p.copy_(0.2 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.3 * torch.randn(p.shape, generator=gen))
    model.eval()
    return model


def wordpiece(folder, lowercase=True, vocab_size=400):
    tok = BertWordPieceTokenizer(lowercase=lowercase)
    tok.train_from_iterator(corpus(), vocab_size=vocab_size, min_frequency=1,
                            special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    tok.save_model(str(folder))  # vocab.txt
    return tok


def write_json(path, value):
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def tiny_bert(folder):
    wordpiece(folder)
    write_json(folder / "tokenizer_config.json", {
        "do_lower_case": True, "model_max_length": WINDOW, "tokenizer_class": "BertTokenizer",
    })
    tokenizer = AutoTokenizer.from_pretrained(folder)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=SHAPE["hidden"],
        num_hidden_layers=SHAPE["layers"], num_attention_heads=SHAPE["heads"],
        intermediate_size=SHAPE["intermediate"], max_position_embeddings=WINDOW,
        id2label={0: "positive", 1: "negative", 2: "neutral"},
        label2id={"positive": 0, "negative": 1, "neutral": 2},
    )
    model = randomise(BertForSequenceClassification(config), 11)
    model.save_pretrained(folder)
    return tokenizer, model, None


def tiny_distilbert(folder):
    trained = wordpiece(folder, vocab_size=350)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=trained._tokenizer, model_max_length=WINDOW,
        unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]", cls_token="[CLS]",
        mask_token="[MASK]",
    )
    fast.save_pretrained(folder)
    (folder / "vocab.txt").unlink(missing_ok=True)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    config = DistilBertConfig(
        vocab_size=len(tokenizer), dim=SHAPE["hidden"], n_layers=SHAPE["layers"],
        n_heads=SHAPE["heads"], hidden_dim=SHAPE["intermediate"],
        max_position_embeddings=WINDOW,
        id2label={0: "Neutral", 1: "Positive", 2: "Negative"},
        label2id={"Neutral": 0, "Positive": 1, "Negative": 2},
    )
    model = randomise(DistilBertForSequenceClassification(config), 22)
    model.config.save_pretrained(folder)
    # PyTorch's own format, the other one tickertone reads.
    torch.save(model.state_dict(), folder / "pytorch_model.bin")
    return tokenizer, model, None


def tiny_roberta(folder):
    tok = ByteLevelBPETokenizer()
    tok.train_from_iterator(corpus(), vocab_size=500, min_frequency=2,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    tok.save_model(str(folder))  # vocab.json, merges.txt
    write_json(folder / "tokenizer_config.json", {
        "model_max_length": WINDOW, "tokenizer_class": "RobertaTokenizer",
    })
    tokenizer = AutoTokenizer.from_pretrained(folder)
    config = RobertaConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=SHAPE["hidden"],
        num_hidden_layers=SHAPE["layers"], num_attention_heads=SHAPE["heads"],
        intermediate_size=SHAPE["intermediate"], max_position_embeddings=WINDOW + 2,
        type_vocab_size=1, pad_token_id=1, bos_token_id=0, eos_token_id=2,
        num_labels=3,
    )
    model = randomise(RobertaForSequenceClassification(config), 33)
    model.save_pretrained(folder)
    return tokenizer, model, ["negative", "neutral", "positive"]


def reference(tokenizer, model, labels):
    """Token ids, logits and scores of every sentence, run as one padded batch."""
    names = labels or [model.config.id2label[i] for i in range(model.config.num_labels)]
    lower = [n.lower() for n in names]
    pos, neg = lower.index("positive"), lower.index("negative")
    batch = tokenizer(SENTENCES, truncation=True, max_length=WINDOW, padding=True,
                      return_tensors="pt")
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"],
                       attention_mask=batch["attention_mask"]).logits
    probs = torch.softmax(logits.double(), dim=-1)
    ids = [[int(i) for i, m in zip(row, mask) if m]
           for row, mask in zip(batch["input_ids"].tolist(), batch["attention_mask"].tolist())]
    return {
        "labels": names,
        "window": WINDOW,
        "sentences": SENTENCES,
        "token_ids": ids,
        "logits": [[round(float(x), 7) for x in row] for row in logits.tolist()],
        "scores": [round(float(p[pos] - p[neg]), 9) for p in probs],
    }


def main():
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    assert len(SENTENCES) == 50, len(SENTENCES)
    for name, build in [("tiny-bert", tiny_bert), ("tiny-distilbert", tiny_distilbert),
                        ("tiny-roberta", tiny_roberta)]:
        folder = OUT / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        tokenizer, model, labels = build(folder)
        write_json(folder / "expected.json", reference(tokenizer, model, labels))
        size = sum(f.stat().st_size for f in folder.iterdir())
        print(f"{name}: {size // 1024} kB in {folder.relative_to(HERE.parents[1])}")


if __name__ == "__main__":
    sys.exit(main())
