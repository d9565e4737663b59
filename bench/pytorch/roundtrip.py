#!/usr/bin/env python3
"""PyTorch round trip of recstats' safetensors export, for all 24 zoo models.

For each model: `recstats models export ID --seed S` writes a fresh network; this script loads it into
its own PyTorch definition of the model with load_state_dict(strict=True), perturbs every BatchNorm's
weight, bias and running statistics (so eval mode is not an identity), saves the state dict again with
safetensors (num_batches_tracked stays int64, as PyTorch keeps it), runs a random batch in eval and in
train mode, and compares the logits with `recstats models logits` on the same weights and batch.
So both directions are checked: recstats -> PyTorch (strict load) and PyTorch -> recstats (strict import).

The PyTorch module trees are in zoo_models.py next to this script (shared with side_by_side.py): written
from the public code each family follows (ZOO-SPEC), plus the paper's "s" blocks (appendix A.5).

Usage (needs torch and safetensors, e.g. /work/venv):
  swift build -c release
  python3 bench/pytorch/roundtrip.py --recstats .build/release/recstats --width 1/8 --classes 10
"""
import argparse
import copy
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

import torch
import torch.nn as nn
from safetensors.torch import load_file, save_file

from zoo_models import all_ids, build


def perturb(model, generator):
    """Non-trivial BN affine parameters and running statistics, drawn from `generator`."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                n = module.num_features
                module.weight.copy_(0.5 + torch.rand(n, generator=generator))
                module.bias.copy_(0.1 * torch.randn(n, generator=generator))
                module.running_mean.copy_(0.1 * torch.randn(n, generator=generator))
                module.running_var.copy_(0.5 + torch.rand(n, generator=generator))
                module.num_batches_tracked.fill_(7)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recstats", default=".build/release/recstats")
    parser.add_argument("--width", default="1/8")
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--s-form", default="published", choices=["published", "formula"])
    parser.add_argument("--models", nargs="*", default=None, help="model ids (default: all 24)")
    args = parser.parse_args()
    m = float(Fraction(args.width))
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    options = ["--width", args.width, "--classes", str(args.classes), "--s-form", args.s_form]
    rows = []
    with tempfile.TemporaryDirectory() as work:
        x = torch.randn(args.batch, 3, 32, 32, generator=generator)
        inputs = os.path.join(work, "input.safetensors")
        save_file({"input": x.contiguous()}, inputs)
        for model_id in args.models or all_ids():
            exported = os.path.join(work, model_id + ".safetensors")
            subprocess.run([args.recstats, "models", "export", model_id, "--seed", str(args.seed), "--out", exported] + options,
                           check=True, stdout=subprocess.DEVNULL)
            model = build(model_id, m, args.classes, args.s_form)
            state = load_file(exported)
            model.load_state_dict(state, strict=True)  # recstats -> PyTorch, every name and shape
            perturb(model, generator)
            weights = os.path.join(work, model_id + ".pt.safetensors")
            save_file({k: v.contiguous() for k, v in model.state_dict().items()}, weights)  # PyTorch -> recstats
            result = {"model": model_id, "tensors": len(state)}
            for mode in ("eval", "train"):
                out = os.path.join(work, f"{model_id}.{mode}.logits.safetensors")
                subprocess.run([args.recstats, "models", "logits", model_id, "--weights", weights, "--input", inputs,
                                "--mode", mode, "--out", out] + options, check=True, stdout=subprocess.DEVNULL)
                theirs = load_file(out)["logits"].double()
                snapshot = {k: v.clone() for k, v in model.state_dict().items()}
                model.train(mode == "train")
                with torch.no_grad():
                    ours = model(x).double()
                    # The same network in float64: how far each float32 implementation is from exact.
                    exact = copy.deepcopy(model).double()(x.double())
                model.load_state_dict(snapshot)  # train mode moved the running statistics
                result[mode] = (ours - theirs).abs().max().item()
                result[mode + "_scale"] = ours.abs().max().item()
                result[mode + "_torch64"] = (ours - exact).abs().max().item()
                result[mode + "_recstats64"] = (theirs - exact).abs().max().item()
            rows.append(result)
            print(f"{model_id:20s} {result['tensors']:4d} tensors | eval |d| {result['eval']:.2e} (|logit| <= {result['eval_scale']:.3g}) "
                  f"| train |d| {result['train']:.2e} (|logit| <= {result['train_scale']:.3g}; vs float64: torch "
                  f"{result['train_torch64']:.1e}, recstats {result['train_recstats64']:.1e})", flush=True)
    print()
    print("| model | tensors | eval max abs dlogit | train max abs dlogit | max abs logit (eval / train) "
          "| train: torch f32 vs f64 | train: recstats vs f64 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['model']} | {r['tensors']} | {r['eval']:.1e} | {r['train']:.1e} | {r['eval_scale']:.2f} / "
              f"{r['train_scale']:.2f} | {r['train_torch64']:.1e} | {r['train_recstats64']:.1e} |")
    worst = max(max(r["eval"], r["train"]) for r in rows)
    print(f"\nworst max |dlogit| over {len(rows)} models, both modes: {worst:.3e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
