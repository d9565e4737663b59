"""PyTorch definitions of recstats' 24 zoo models, written from the zoo spec (ZOO-SPEC), shared by
roundtrip.py (safetensors round trip) and side_by_side.py (training speed and memory side by side).

The module trees are written for these scripts from the public code each family follows:
  ResNet18/34/50/101, ResNeXt29, SEResNet18  kuangliu/pytorch-cifar (models/resnet.py, resnext.py, senet.py)
  SEResNet34/50/101                          weiaicunzai/pytorch-cifar100 (models/senet.py)
  Res2NeXt29                                 4uiiurz1/pytorch-res2net (res2net.py)
plus the paper's "s" blocks (appendix A.5): a block takes (x0, x1), sum = branch(x1) + shortcut(x1),
out = relu(sum) - shortcut2(x0), and passes on (sum, out) ("published") or (branch, out) ("formula").
Widths follow recstats' multiplier: every base width is round(base * m) (halves up), at least 1.
Parameter and buffer names match recstats' safetensors export (`recstats models export`), so a state
dict loads with strict=True. Only the CIFAR stem is written here (recstats' default, any image size;
not --stem imagenet or --resnext-stem-3x3).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


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
    """The PyTorch network of zoo id `model_id` at width multiplier m (a float), `classes` outputs, "s" form `form`."""
    if model_id not in all_ids():
        raise ValueError(f"unknown model id {model_id!r}; the 24 zoo ids are: {', '.join(all_ids())}")
    if form not in ("published", "formula"):
        raise ValueError(f"unknown s-form {form!r}; expected published or formula")
    if model_id in BASELINES:
        return BASELINES[model_id](m, classes, False, form)
    base = model_id[:-2] if model_id.endswith("-s") else model_id[:-1]
    return BASELINES[base](m, classes, True, form)


def all_ids():
    ids = []
    for base in BASELINES:
        ids += [base, base + ("-s" if "-" in base else "s")]
    return ids


def parameter_count(model):
    """Trainable parameters (conv and linear weights and biases, BN weight and bias), as recstats counts them."""
    return sum(p.numel() for p in model.parameters())
