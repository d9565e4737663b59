#!/usr/bin/env python3
"""PyTorch round trip of recstats' safetensors export, for all 24 zoo models.

For each model: `recstats models export ID --seed S` writes a fresh network; this script loads it into
its own PyTorch definition of the model with load_state_dict(strict=True), perturbs every BatchNorm's
weight, bias and running statistics (so eval mode is not an identity), saves the state dict again with
safetensors (num_batches_tracked stays int64, as PyTorch keeps it), runs a random batch in eval and in
train mode, and compares the logits with `recstats models logits` on the same weights and batch.
So both directions are checked: recstats -> PyTorch (strict load) and PyTorch -> recstats (strict import).

The module trees below are written for this script from the public code each family follows (ZOO-SPEC):
  ResNet18/34/50/101, ResNeXt29, SEResNet18  kuangliu/pytorch-cifar (models/resnet.py, resnext.py, senet.py)
  SEResNet34/50/101                          weiaicunzai/pytorch-cifar100 (models/senet.py)
  Res2NeXt29                                 4uiiurz1/pytorch-res2net (res2net.py)
plus the paper's "s" blocks (appendix A.5): a block takes (x0, x1), sum = branch(x1) + shortcut(x1),
out = relu(sum) - shortcut2(x0), and passes on (sum, out) ("published") or (branch, out) ("formula").
Widths follow recstats' multiplier: every base width is round(base * m) (halves up), at least 1.

Usage (needs torch and safetensors, e.g. /work/venv):
  swift build -c release
  python3 bench/pytorch/roundtrip.py --recstats .build/release/recstats --width 1/8 --classes 10
"""
import argparse
import copy
import math
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file


def scaled(base, m):
    return max(1, int(math.floor(base * m + 0.5)))


def conv(cin, cout, k, stride=1, groups=1, bias=False):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, groups=groups, bias=bias)


class SBlock(nn.Module):
    """A residual block: relu(branch(x) + shortcut(x)), or the "s" pair form with shortcut2."""

    def setup_s(self, s, form, make_projection):
        self.s, self.form = s, form
        if s:
            self.shortcut2 = make_projection()

    def skip(self, x):
        return self.shortcut(x)

    def forward(self, x):
        if not self.s:
            return F.relu(self.branch(x) + self.skip(x))
        x0, x1 = x
        b = self.branch(x1)
        total = b + self.skip(x1)
        out = F.relu(total) - self.shortcut2(x0)
        return (total if self.form == "published" else b, out)


# --- kuangliu/pytorch-cifar: BasicBlock, Bottleneck (resnet.py), Block (resnext.py), SE BasicBlock (senet.py)

class KuangliuBlock(SBlock):
    def __init__(self, kind, cin, planes, stride, s, form, se=False, cardinality=1):
        super().__init__()
        if kind == "basic":
            out = planes
            self.conv1 = conv(cin, planes, 3, stride)
            self.bn1 = nn.BatchNorm2d(planes)
            self.conv2 = conv(planes, planes, 3)
            self.bn2 = nn.BatchNorm2d(planes)
        else:  # "bottleneck" (out 4p) or "resnext" (group width planes, out 2·planes)
            out = 4 * planes if kind == "bottleneck" else 2 * planes
            self.conv1 = conv(cin, planes, 1)
            self.bn1 = nn.BatchNorm2d(planes)
            self.conv2 = conv(planes, planes, 3, stride, groups=cardinality)
            self.bn2 = nn.BatchNorm2d(planes)
            self.conv3 = conv(planes, out, 1)
            self.bn3 = nn.BatchNorm2d(out)
        self.kind, self.out_channels = kind, out
        project = stride != 1 or cin != out
        make = (lambda: nn.Sequential(conv(cin, out, 1, stride), nn.BatchNorm2d(out))) if project else nn.Sequential
        self.shortcut = make()
        self.se = se
        if se:  # senet.py: two 1x1 Conv2d with bias
            hidden = max(1, out // 16)
            self.fc1 = nn.Conv2d(out, hidden, 1)
            self.fc2 = nn.Conv2d(hidden, out, 1)
        self.setup_s(s, form, make)

    def branch(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        if self.kind == "basic":
            out = self.bn2(self.conv2(out))
        else:
            out = F.relu(self.bn2(self.conv2(out)))
            out = self.bn3(self.conv3(out))
        if self.se:
            w = F.adaptive_avg_pool2d(out, 1)
            w = torch.sigmoid(self.fc2(F.relu(self.fc1(w))))
            out = out * w
        return out


class KuangliuNet(nn.Module):
    def __init__(self, kind, depths, m, classes, s, form, se=False, cardinality=1):
        super().__init__()
        base = scaled(64, m)
        stem_k = 1 if kind == "resnext" else 3
        self.conv1 = conv(3, base, stem_k)
        self.bn1 = nn.BatchNorm2d(base)
        cin = base
        for i, depth in enumerate(depths):
            blocks = []
            for j in range(depth):
                stride = (1 if i == 0 else 2) if j == 0 else 1
                planes = (cardinality * base if kind == "resnext" else base) << i
                block = KuangliuBlock(kind, cin, planes, stride, s, form, se=se, cardinality=cardinality)
                cin = block.out_channels
                blocks.append(block)
            setattr(self, f"layer{i + 1}", nn.Sequential(*blocks))
        self.stages = len(depths)
        self.s = s
        self.linear = nn.Linear(cin, classes)

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        y = (h, h) if self.s else h
        for i in range(self.stages):
            y = getattr(self, f"layer{i + 1}")(y)
        out = y[1] if self.s else y
        return self.linear(torch.flatten(F.adaptive_avg_pool2d(out, 1), 1))


# --- weiaicunzai/pytorch-cifar100 senet.py: BasicResidualSEBlock / BottleneckResidualSEBlock, biased convs

class WeiaicunzaiBlock(SBlock):
    def __init__(self, kind, cin, planes, stride, s, form):
        super().__init__()
        if kind == "basic":
            out = planes
            self.residual = nn.Sequential(
                conv(cin, planes, 3, stride, bias=True), nn.BatchNorm2d(planes), nn.ReLU(),
                conv(planes, planes, 3, bias=True), nn.BatchNorm2d(planes), nn.ReLU())
        else:
            out = 4 * planes
            self.residual = nn.Sequential(
                conv(cin, planes, 1, bias=True), nn.BatchNorm2d(planes), nn.ReLU(),
                conv(planes, planes, 3, stride, bias=True), nn.BatchNorm2d(planes), nn.ReLU(),
                conv(planes, out, 1, bias=True), nn.BatchNorm2d(out), nn.ReLU())
        self.out_channels = out
        project = stride != 1 or cin != out
        make = (lambda: nn.Sequential(conv(cin, out, 1, stride, bias=True), nn.BatchNorm2d(out))) if project else nn.Sequential
        self.shortcut = make()
        hidden = max(1, out // 16)
        self.excitation = nn.Sequential(nn.Linear(out, hidden), nn.ReLU(), nn.Linear(hidden, out), nn.Sigmoid())
        self.setup_s(s, form, make)

    def branch(self, x):
        r = self.residual(x)
        e = self.excitation(torch.flatten(F.adaptive_avg_pool2d(r, 1), 1))
        return r * e[:, :, None, None]


class WeiaicunzaiNet(nn.Module):
    def __init__(self, kind, depths, m, classes, s, form):
        super().__init__()
        base = scaled(64, m)
        self.pre = nn.Sequential(conv(3, base, 3, bias=True), nn.BatchNorm2d(base), nn.ReLU())
        cin = base
        for i, depth in enumerate(depths):
            blocks = []
            for j in range(depth):
                stride = (1 if i == 0 else 2) if j == 0 else 1
                block = WeiaicunzaiBlock(kind, cin, base << i, stride, s, form)
                cin = block.out_channels
                blocks.append(block)
            setattr(self, f"stage{i + 1}", nn.Sequential(*blocks))
        self.s = s
        self.linear = nn.Linear(cin, classes)

    def forward(self, x):
        h = self.pre(x)
        y = (h, h) if self.s else h
        for i in range(4):
            y = getattr(self, f"stage{i + 1}")(y)
        out = y[1] if self.s else y
        return self.linear(torch.flatten(F.adaptive_avg_pool2d(out, 1), 1))


# --- 4uiiurz1/pytorch-res2net res2net.py: CifarRes2Net of Res2NetBottleneck (shortcut2 without BN)

class Res2NetBlock(SBlock):
    def __init__(self, cin, planes, stride, scales, groups, s, form):
        super().__init__()
        width = groups * planes
        chunk = width // scales
        out = 4 * planes
        self.scales = scales
        self.conv1 = conv(cin, width, 1, stride)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.ModuleList([conv(chunk, chunk, 3, groups=groups) for _ in range(scales - 1)])
        self.bn2 = nn.ModuleList([nn.BatchNorm2d(chunk) for _ in range(scales - 1)])
        self.conv3 = conv(width, out, 1)
        self.bn3 = nn.BatchNorm2d(out)
        self.out_channels = out
        project = stride != 1 or cin != out
        self.downsample = nn.Sequential(conv(cin, out, 1, stride), nn.BatchNorm2d(out)) if project else nn.Sequential()
        self.setup_s(s, form, (lambda: nn.Sequential(conv(cin, out, 1, stride))) if project else nn.Sequential)

    def branch(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        xs = torch.chunk(out, self.scales, 1)
        ys = [xs[0]]
        for k in range(1, self.scales):
            inp = xs[k] if k == 1 else xs[k] + ys[-1]
            ys.append(F.relu(self.bn2[k - 1](self.conv2[k - 1](inp))))
        return self.bn3(self.conv3(torch.cat(ys, 1)))

    def skip(self, x):
        return self.downsample(x)


class Res2NetNet(nn.Module):
    def __init__(self, groups, width, m, classes, s, form, scales=4):
        super().__init__()
        w = scaled(width, m)
        p0 = scales * w
        self.conv1 = conv(3, p0, 3)
        self.bn1 = nn.BatchNorm2d(p0)
        cin = p0
        for i in range(3):
            blocks = []
            for j in range(3):
                stride = (1 if i == 0 else 2) if j == 0 else 1
                block = Res2NetBlock(cin, p0 << i, stride, scales, groups, s, form)
                cin = block.out_channels
                blocks.append(block)
            setattr(self, f"layer{i + 1}", nn.Sequential(*blocks))
        self.s = s
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        y = (h, h) if self.s else h
        for i in range(3):
            y = getattr(self, f"layer{i + 1}")(y)
        out = y[1] if self.s else y
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(out, 1), 1))


BASELINES = {
    "resnet18": lambda m, c, s, f: KuangliuNet("basic", [2, 2, 2, 2], m, c, s, f),
    "resnet34": lambda m, c, s, f: KuangliuNet("basic", [3, 4, 6, 3], m, c, s, f),
    "resnet50": lambda m, c, s, f: KuangliuNet("bottleneck", [3, 4, 6, 3], m, c, s, f),
    "resnet101": lambda m, c, s, f: KuangliuNet("bottleneck", [3, 4, 23, 3], m, c, s, f),
    "seresnet18": lambda m, c, s, f: KuangliuNet("basic", [2, 2, 2, 2], m, c, s, f, se=True),
    "seresnet34": lambda m, c, s, f: WeiaicunzaiNet("basic", [3, 4, 6, 3], m, c, s, f),
    "seresnet50": lambda m, c, s, f: WeiaicunzaiNet("bottleneck", [3, 4, 6, 3], m, c, s, f),
    "seresnet101": lambda m, c, s, f: WeiaicunzaiNet("bottleneck", [3, 4, 23, 3], m, c, s, f),
    "resnext29-2x64d": lambda m, c, s, f: KuangliuNet("resnext", [3, 3, 3], m, c, s, f, cardinality=2),
    "resnext29-4x64d": lambda m, c, s, f: KuangliuNet("resnext", [3, 3, 3], m, c, s, f, cardinality=4),
    "res2next29-6c24w": lambda m, c, s, f: Res2NetNet(6, 24, m, c, s, f),
    "res2next29-8c25w": lambda m, c, s, f: Res2NetNet(8, 25, m, c, s, f),
}


def build(model_id, m, classes, form):
    if model_id in BASELINES:
        return BASELINES[model_id](m, classes, False, form)
    base = model_id[:-2] if model_id.endswith("-s") else model_id[:-1]
    return BASELINES[base](m, classes, True, form)


def all_ids():
    ids = []
    for base in BASELINES:
        ids += [base, base + ("-s" if "-" in base else "s")]
    return ids


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
