#!/usr/bin/env python3
"""recstats and PyTorch training steps side by side, interleaved, with the ratios.

For every case (model, width, batch, image size, threads) and every round, this script runs
  1. `recstats bench train --model ID --width W --batch B --image-size S --threads T --steps N --json`, then
  2. the same training step in PyTorch, in a fresh Python process (this script with --torch-worker):
     the zoo model from zoo_models.py, a synthetic batch (N(0,1) images, uniform labels), forward,
     cross-entropy, backward, SGD step (lr 0.01, momentum 0.9, weight decay 5e-4, as recstats' bench),
     torch.set_num_threads(T); one warm-up step, then N timed steps; the best step counts.
Each side runs in a process of its own, so its peak resident memory (getrusage ru_maxrss, read by the
process itself) is that model's alone. The two sides alternate (recstats, PyTorch, recstats, PyTorch …)
over R rounds, so on a shared, noisy machine both see the same load drift; every ratio is taken within
one round, and the table gives each number as a range (min–max) over the rounds.

Before anything is timed, the PyTorch models' parameter counts are compared with `recstats models
--format json` for every width, class count and s-form in the plan; a mismatch stops the script (exit 2).
A watchdog samples each child's resident memory and kills it above --max-gib (the run is then reported
as over the limit, not as a number).

Usage (needs torch; see README.md next to this script):
  swift build -c release
  /path/to/venv/bin/python bench/pytorch/side_by_side.py --preset issue --recstats .build/release/recstats
  /path/to/venv/bin/python bench/pytorch/side_by_side.py --models resnet18,resnet18s --width 1/4 --batch 64 --json
"""
import argparse
import json
import os
import platform
import resource
import selectors
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
MIB = 1024 * 1024

# Each preset is a list of groups; a group is a set of models at one shape. Explicit options
# (--models, --width, --batch, --image-size, --threads, --classes) replace that field in every group.
PRESETS = {
    # Issue 16's goal 1: ResNet18 at widths 0.25, 0.5, 1 and ResNet50, ResNeXt29-2x64d at 0.25; batch 128, 2 threads, 32×32.
    "issue": [
        dict(models=["resnet18"], widths=["0.25", "0.5", "1"], batch=128, image_size=32, threads=2),
        dict(models=["resnet50", "resnext29-2x64d"], widths=["0.25"], batch=128, image_size=32, threads=2),
    ],
    # Issue 16's goal 2 at width 0.25, batch 128: the models with the most activation memory.
    "issue-memory": [
        dict(models=["res2next29-8c25w-s", "res2next29-8c25w", "res2next29-6c24w-s", "resnext29-4x64d-s", "seresnet101s"],
             widths=["0.25"], batch=128, image_size=32, threads=2),
    ],
    # `recstats run-all`'s default preset quick: width 1/16, 16×16 images, batch 16, one thread; all 24 models.
    "quick": [
        dict(models=None, widths=["1/16"], batch=16, image_size=16, threads=1),
    ],
}


# ---------------------------------------------------------------------------------------------------
# The PyTorch side: one training benchmark, run in its own process.

def torch_worker(spec):
    """Runs in a fresh process: builds the model, times warm-up + `steps` training steps, prints JSON."""
    baseline_before_import = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    import torch
    import torch.nn.functional as F
    sys.path.insert(0, HERE)
    from zoo_models import build, parameter_count

    after_import = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(spec["seed"])
    model = build(spec["model"], float(Fraction(spec["width"])), spec["classes"], spec["s_form"])
    model.train()
    g = torch.Generator().manual_seed(spec["seed"])
    x = torch.randn(spec["batch"], 3, spec["image_size"], spec["image_size"], generator=g)
    labels = torch.randint(spec["classes"], (spec["batch"],), generator=g)
    if spec["channels_last"]:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    times = []
    cpu_start = None
    for step in range(1 + spec["steps"]):
        if step == 1:
            cpu_start = time.process_time()
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        optimizer.step()
        elapsed = time.perf_counter() - start
        if step >= 1:
            times.append(elapsed)
    cpu = (time.process_time() - cpu_start) / spec["steps"]
    if not torch.isfinite(loss):
        raise SystemExit(f"PyTorch {spec['model']}: the loss is not finite ({loss.item()})")
    best = min(times)
    result = {
        "parameters": parameter_count(model),
        "batch": spec["batch"],
        "threads": torch.get_num_threads(),
        "steps": spec["steps"],
        "best_step_seconds": best,
        "mean_step_seconds": sum(times) / len(times),
        "cpu_seconds_per_step": cpu,
        # As recstats reports it: the throughput the CPU time would give on idle cores (OpenMP's spin-waits count as CPU time).
        "images_per_second_from_cpu_time": spec["batch"] * spec["threads"] / cpu if cpu > 0 else None,
        "images_per_second": spec["batch"] / best,
        "peak_resident_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "resident_bytes_after_import": after_import,
        "resident_bytes_before_import": baseline_before_import,
        "torch_version": torch.__version__,
        "channels_last": spec["channels_last"],
    }
    print(json.dumps(result))


# ---------------------------------------------------------------------------------------------------
# The driver.

class BenchError(Exception):
    pass


def resident_bytes(pid):
    """VmRSS of a running process from /proc (Linux), or None once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


def run_child(command, env, limit_bytes, timeout):
    """Runs `command`, killing its process group if its resident memory passes `limit_bytes` or it runs
    longer than `timeout` seconds. Returns (status, stdout, stderr, sampled peak bytes, seconds)."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               start_new_session=True)
    sampled = 0
    status = "ok"
    out_chunks, err_chunks = [], []
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ, out_chunks)
    selector.register(process.stderr, selectors.EVENT_READ, err_chunks)
    open_streams = 2
    while True:
        for key, _ in selector.select(timeout=0.05):
            data = os.read(key.fileobj.fileno(), 65536)
            if data:
                key.data.append(data.decode(errors="replace"))
            else:
                selector.unregister(key.fileobj)
                open_streams -= 1
        rss = resident_bytes(process.pid)
        if rss is not None:
            sampled = max(sampled, rss)
            if rss > limit_bytes:
                status = "over-limit"
        if status == "ok" and time.monotonic() - start > timeout:
            status = "timeout"
        if status != "ok":
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
            break
        if open_streams == 0 and process.poll() is not None:
            break
    process.wait()
    selector.close()
    return status, process.returncode, "".join(out_chunks), "".join(err_chunks), sampled, time.monotonic() - start


def recstats_models(recstats, width, classes, s_form):
    """Parameter counts from `recstats models --format json` (id -> parameters)."""
    command = [recstats, "models", "--format", "json", "--width", width, "--classes", str(classes), "--s-form", s_form]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except OSError as error:
        raise BenchError(f"cannot run {recstats}: {error}. HINT: swift build -c release, then pass --recstats .build/release/recstats")
    if done.returncode != 0:
        raise BenchError(f"`{' '.join(command)}` exited with status {done.returncode}: {done.stderr.strip()}")
    try:
        return {row["id"]: row["parameters"] for row in json.loads(done.stdout)}
    except (ValueError, KeyError, TypeError) as error:
        raise BenchError(f"`{' '.join(command)}` printed JSON without id/parameters ({error})")


def count_worker(keys):
    """Runs in a fresh process: PyTorch parameter counts of (model, width, classes, s-form), built on the meta device."""
    import torch
    sys.path.insert(0, HERE)
    from zoo_models import build, parameter_count
    counts = []
    for model, width, classes, s_form in keys:
        with torch.device("meta"):
            counts.append(parameter_count(build(model, float(Fraction(width)), classes, s_form)))
    print(json.dumps({"counts": counts, "torch_version": torch.__version__}))


def check_parameters(recstats, cases):
    """Compares every case's PyTorch parameter count with recstats'. PyTorch is imported in a child process
    only: a parent holding torch's few hundred MiB would pass them on to every child's ru_maxrss (Linux keeps
    the high-water mark across fork and exec)."""
    keys = sorted({(c["model"], c["width"], c["classes"], c["s_form"]) for c in cases})
    done = subprocess.run([sys.executable, os.path.abspath(__file__), "--count-worker", json.dumps(keys)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        if "No module named 'torch'" in done.stderr:
            raise BenchError(f"PyTorch is not installed for {sys.executable}. HINT: python3 -m venv venv && "
                             "venv/bin/pip install torch safetensors, then run this script with venv/bin/python (README.md)")
        raise BenchError(f"counting the PyTorch models' parameters failed:\n{done.stderr.strip()[-2000:]}")
    answer = json.loads(done.stdout)
    ours = dict(zip(keys, answer["counts"]))
    counts = {}
    mismatches = []
    for setting in sorted({k[1:] for k in keys}):
        theirs = recstats_models(recstats, *setting)
        for key in keys:
            if key[1:] != setting:
                continue
            model = key[0]
            if model not in theirs:
                raise BenchError(f"recstats models does not list {model!r} (it lists {', '.join(theirs)})")
            counts[key] = ours[key]
            if ours[key] != theirs[model]:
                mismatches.append(f"{model} width {setting[0]} classes {setting[1]} s-form {setting[2]}: "
                                  f"PyTorch {ours[key]:,} parameters, recstats {theirs[model]:,}")
    if mismatches:
        raise BenchError("the PyTorch models differ from recstats' (nothing was timed):\n  " + "\n  ".join(mismatches)
                         + "\nHINT: zoo_models.py must follow the zoo spec recstats builds; see roundtrip.py for a tensor-by-tensor check")
    return counts, answer["torch_version"]


def zoo_ids():
    """The 24 ids, read from zoo_models.py without importing it (this process stays free of torch)."""
    import ast
    with open(os.path.join(HERE, "zoo_models.py")) as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "BASELINES" for t in node.targets):
            bases = [ast.literal_eval(k) for k in node.value.keys]
            return [i for b in bases for i in (b, b + ("-s" if "-" in b else "s"))]
    raise BenchError("zoo_models.py has no BASELINES table")


def plan(args):
    """The cases to run, from --preset and the explicit options."""
    all_ids = zoo_ids()
    groups = PRESETS[args.preset] if args.preset else [dict(models=None, widths=["0.25"], batch=128, image_size=32, threads=2)]
    cases = []
    for group in groups:
        models = args.models or group["models"] or all_ids
        for model in models:
            if model not in all_ids:
                raise BenchError(f"--models: unknown model id {model!r}; the 24 zoo ids are: {', '.join(all_ids)}")
        for width in args.width or group["widths"]:
            for model in models:
                cases.append(dict(model=model, width=width, batch=args.batch or group["batch"],
                                  image_size=args.image_size or group["image_size"],
                                  threads=args.threads or group["threads"], classes=args.classes, s_form=args.s_form))
    unique = []
    for case in cases:
        if case not in unique:
            unique.append(case)
    return unique


def run_recstats(args, case):
    command = [args.recstats, "bench", "train", "--model", case["model"], "--width", case["width"],
               "--classes", str(case["classes"]), "--s-form", case["s_form"], "--batch", str(case["batch"]),
               "--image-size", str(case["image_size"]), "--threads", str(case["threads"]), "--steps", str(args.steps), "--json"]
    return run_side("recstats", command, dict(os.environ), args)


def run_torch(args, case):
    spec = dict(case, steps=args.steps, seed=args.seed, channels_last=args.torch_channels_last)
    env = dict(os.environ)
    # OpenMP and MKL start their pools at import; give them the same thread count as torch.set_num_threads.
    env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(case["threads"])
    env.update(args.torch_env)
    command = [sys.executable, os.path.abspath(__file__), "--torch-worker", json.dumps(spec)]
    return run_side("PyTorch", command, env, args)


def run_side(name, command, env, args):
    load = os.getloadavg()[0]
    status, code, out, err, sampled, seconds = run_child(command, env, int(args.max_gib * 1024 * MIB), args.timeout)
    if status == "over-limit":
        return {"status": status, "sampled_peak_bytes": sampled, "wall_seconds": seconds,
                "note": f"killed: resident memory passed --max-gib {args.max_gib}"}
    if status == "timeout":
        return {"status": status, "sampled_peak_bytes": sampled, "wall_seconds": seconds,
                "note": f"killed after --timeout {args.timeout} s"}
    if code != 0:
        how = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
        raise BenchError(f"{name} failed ({how}): {' '.join(command)}\n{err.strip()[-2000:]}")
    try:
        result = json.loads(out)
    except ValueError:
        raise BenchError(f"{name} printed no JSON: {' '.join(command)}\nstdout: {out[-500:]}\nstderr: {err[-500:]}")
    result["status"] = "ok"
    result["load_average_before"] = load
    result["sampled_peak_bytes"] = sampled
    result["wall_seconds"] = seconds
    return result


def span(values, fmt):
    """'a–b' over the rounds (one value when they agree at this precision), '–' for none."""
    if not values:
        return "–"
    low, high = fmt(min(values)), fmt(max(values))
    return low if low == high else f"{low}–{high}"


def rate(v):
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def ratio(v):
    return f"{v:.2f}"


def seconds(v):
    return f"{v:.3g}"


def mib(v):
    return f"{v / MIB:.0f}"


def summarise(entry):
    """Per case: each side's values over the rounds it completed, and the within-round ratios over the
    rounds both completed."""
    def done(side):
        return [r[side] for r in entry["rounds"] if r[side]["status"] == "ok"]
    both = [r for r in entry["rounds"] if r["recstats"]["status"] == "ok" and r["torch"]["status"] == "ok"]
    entry["summary"] = {
        "rounds_completed": len(both),
        "recstats_images_per_second": [r["images_per_second"] for r in done("recstats")],
        "torch_images_per_second": [r["images_per_second"] for r in done("torch")],
        "speed_ratio": [r["recstats"]["images_per_second"] / r["torch"]["images_per_second"] for r in both],
        "recstats_peak_bytes": [r["peak_resident_bytes"] for r in done("recstats")],
        "torch_peak_bytes": [r["peak_resident_bytes"] for r in done("torch")],
        "memory_ratio": [r["recstats"]["peak_resident_bytes"] / r["torch"]["peak_resident_bytes"] for r in both],
        "recstats_cpu_seconds_per_step": [r["cpu_seconds_per_step"] for r in done("recstats")],
        "torch_cpu_seconds_per_step": [r["cpu_seconds_per_step"] for r in done("torch")],
        "recstats_reference_gemm_gflops": [r.get("reference_gemm_gflops") for r in done("recstats")],
        "recstats_over_limit": any(r["recstats"]["status"] == "over-limit" for r in entry["rounds"]),
        "torch_over_limit": any(r["torch"]["status"] == "over-limit" for r in entry["rounds"]),
        "not_completed": [{"round": r["round"], "recstats": r["recstats"].get("note"), "torch": r["torch"].get("note")}
                          for r in entry["rounds"] if r not in both],
    }


def shape_sums(entries, rounds):
    """Per shape (width, batch, image, threads) with more than one model: the sum over models of seconds
    per image (best step / batch) for each side, per round, and their ratio (PyTorch sum / recstats sum)."""
    groups = {}
    for e in entries:
        c = e["case"]
        groups.setdefault((c["width"], c["batch"], c["image_size"], c["threads"]), []).append(e)
    sums = []
    for (width, batch, image, threads), members in groups.items():
        if len(members) < 2:
            continue
        per_round = []
        for k in range(rounds):
            pairs = [e["rounds"][k] for e in members if k < len(e["rounds"])]
            if len(pairs) != len(members) or any(p["recstats"]["status"] != "ok" or p["torch"]["status"] != "ok" for p in pairs):
                continue
            ours = sum(p["recstats"]["best_step_seconds"] / batch for p in pairs)
            theirs = sum(p["torch"]["best_step_seconds"] / batch for p in pairs)
            per_round.append({"round": k + 1, "recstats_seconds_per_image": ours, "torch_seconds_per_image": theirs,
                              "speed_ratio": theirs / ours})
        sums.append({"width": width, "batch": batch, "image_size": image, "threads": threads, "models": len(members),
                     "rounds": per_round})
    return sums


def machine():
    info = {"platform": platform.platform(), "cores": os.cpu_count(), "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        info["cpu"] = names[0] if names else None
    except OSError:
        info["cpu"] = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def render(report):
    variant = (["channels-last"] if report["torch_channels_last"] else []) + [f"{k}={v}" for k, v in report.get("torch_env", {}).items()]
    torch_name = f"PyTorch {report['torch_version']}" + (f" ({', '.join(variant)})" if variant else "")
    lines = [f"recstats vs {torch_name}: training step (forward, cross-entropy, backward, "
             f"SGD momentum), best of {report['steps']} after 1 warm-up; {report['rounds']} interleaved round{'s' if report['rounds'] != 1 else ''}; "
             f"ranges are min–max over the rounds; ratios are taken within a round.",
             f"{report['date']}; {report['machine'].get('cpu')}, {report['machine']['cores']} cores, "
             f"{report['machine'].get('memory_gib')} GiB; load average {report['load_before']} before, {report['load_after']} after.",
             "",
             "| model | width | image | batch | threads | recstats img/s | PyTorch img/s | speed ratio (recstats / PyTorch) "
             "| recstats peak MiB | PyTorch peak MiB | memory ratio (recstats / PyTorch) | CPU s/step recstats; PyTorch |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    over = f"> {report['max_gib']:g} GiB"
    for e in report["cases"]:
        c, s = e["case"], e["summary"]
        ours_mib = span(s["recstats_peak_bytes"], mib) if s["recstats_peak_bytes"] or not s["recstats_over_limit"] else over
        theirs_mib = span(s["torch_peak_bytes"], mib) if s["torch_peak_bytes"] or not s["torch_over_limit"] else over
        lines.append(f"| {c['model']} | {c['width']} | {c['image_size']} | {c['batch']} | {c['threads']} "
                     f"| {span(s['recstats_images_per_second'], rate)} | {span(s['torch_images_per_second'], rate)} "
                     f"| {span(s['speed_ratio'], ratio)} | {ours_mib} | {theirs_mib} | {span(s['memory_ratio'], ratio)} "
                     f"| {span(s.get('recstats_cpu_seconds_per_step', []), seconds)}; {span(s.get('torch_cpu_seconds_per_step', []), seconds)} |")
    notes = []
    for e in report["cases"]:
        for miss in e["summary"]["not_completed"]:
            notes.append(f"{e['case']['model']} width {e['case']['width']}, round {miss['round']}: "
                         f"recstats {miss['recstats'] or 'ok'}; PyTorch {miss['torch'] or 'ok'} (not in the ranges)")
    for s in report["shape_sums"]:
        if len(s["rounds"]) > 0:
            notes.append(f"sum over the {s['models']} models at width {s['width']}, {s['image_size']}×{s['image_size']}, batch {s['batch']}, "
                         f"{s['threads']} thread(s): seconds per image recstats {span([r['recstats_seconds_per_image'] for r in s['rounds']], lambda v: f'{v:.4f}')}, "
                         f"PyTorch {span([r['torch_seconds_per_image'] for r in s['rounds']], lambda v: f'{v:.4f}')}; "
                         f"recstats is {span([r['speed_ratio'] for r in s['rounds']], ratio)}× as fast")
    loads = [r[side]["load_average_before"] for e in report["cases"] for r in e["rounds"] for side in ("recstats", "torch")
             if r[side].get("load_average_before") is not None]
    if loads:
        notes.append(f"1-minute load average just before each run: {span(loads, lambda v: f'{v:.1f}')} "
                     f"(on {report['machine']['cores']} cores: above {report['machine']['cores']}, other processes took turns with ours)")
    gemm = [g for e in report["cases"] for g in e["summary"]["recstats_reference_gemm_gflops"] if g is not None]
    if gemm:
        notes.append(f"load indicator: recstats' reference sgemm (one 1024³ sgemm per thread just before its steps) "
                     f"ran at {span(gemm, lambda v: f'{v:.1f}')} GFLOP/s")
    after_import = [r["torch"]["resident_bytes_after_import"] for e in report["cases"] for r in e["rounds"]
                    if r["torch"]["status"] == "ok"]
    if after_import:
        notes.append(f"PyTorch's peak includes the library itself: {min(after_import) / MIB:.0f} MiB resident after `import torch`, before the model")
    notes.append("CPU s/step: user + system CPU seconds of the process per timed step, all threads: less sensitive to "
                 "other processes than the wall time, but it counts threads that spin while they wait")
    if notes:
        lines.append("")
        lines += ["- " + n for n in notes]
    return "\n".join(lines) + "\n"


def write_json(path, report):
    """Writes the report atomically (a temporary file, then rename)."""
    temporary = path + ".partial"
    with open(temporary, "w") as f:
        json.dump(report, f, indent=2)
    os.replace(temporary, path)


def load_average():
    try:
        return " ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog="Presets: " + "; ".join(
        f"{name}: " + ", ".join(f"{'/'.join(g['models'] or ['all 24'])} at width {'/'.join(g['widths'])}, batch {g['batch']}, "
                                 f"{g['image_size']}×{g['image_size']}, {g['threads']} thread(s)" for g in groups)
        for name, groups in PRESETS.items()))
    parser.add_argument("--preset", choices=sorted(PRESETS), help="a plan of shapes (explicit options below override it)")
    parser.add_argument("--models", type=lambda s: [m for m in s.split(",") if m], help="comma-separated model ids (default: all 24, or the preset's)")
    parser.add_argument("--width", type=lambda s: [w for w in s.split(",") if w], help="width multiplier(s), comma-separated, decimals or fractions (default 0.25)")
    parser.add_argument("--batch", type=int, help="batch size (default 128)")
    parser.add_argument("--image-size", type=int, help="image height = width (default 32)")
    parser.add_argument("--threads", type=int, help="threads on both sides (default 2)")
    parser.add_argument("--classes", type=int, default=100, help="classes of the linear head (default 100, as recstats bench train)")
    parser.add_argument("--s-form", default="published", choices=["published", "formula"])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--steps", type=int, default=3, help="timed steps after one warm-up, per run (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of PyTorch's initialisation and batch")
    parser.add_argument("--recstats", default=".build/release/recstats", help="the recstats binary (a release build)")
    parser.add_argument("--torch-channels-last", action="store_true", help="PyTorch in channels-last (NHWC) memory format instead of its default NCHW")
    parser.add_argument("--torch-env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for the PyTorch processes only (repeatable), e.g. OMP_WAIT_POLICY=PASSIVE")
    parser.add_argument("--max-gib", type=float, default=16.0, help="kill a run whose resident memory passes this (default 16)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="kill a run that takes longer than this many seconds")
    parser.add_argument("--json", action="store_true", help="print JSON (every run, the summaries) instead of the table")
    parser.add_argument("--json-out", metavar="FILE", help="also write the JSON to FILE (the table still goes to stdout)")
    parser.add_argument("--render", metavar="FILE", help="print the table of a JSON report written earlier, and run nothing")
    parser.add_argument("--torch-worker", help=argparse.SUPPRESS)
    parser.add_argument("--count-worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.torch_worker:
        torch_worker(json.loads(args.torch_worker))
        return 0
    if args.count_worker:
        count_worker(json.loads(args.count_worker))
        return 0
    if args.render:
        try:
            with open(args.render) as f:
                saved = json.load(f)
            for entry in saved["cases"]:
                summarise(entry)
            saved.setdefault("shape_sums", shape_sums(saved["cases"], saved["rounds"]))
            saved.setdefault("load_after", "?")
            if not saved.get("complete", True):
                print("(an incomplete report: the run was stopped before its last round)")
            print(render(saved), end="")
        except (OSError, ValueError, KeyError) as error:
            print(f"error: --render {args.render}: not a report of this script ({error!r})", file=sys.stderr)
            return 2
        return 0
    for name in ("batch", "image_size", "threads"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be ≥ 1, got {value}")
    pairs = {}
    for item in args.torch_env:
        name, sep, value = item.partition("=")
        if not sep or not name or not name.replace("_", "").isalnum():
            parser.error(f"--torch-env: {item!r} is not NAME=VALUE")
        pairs[name] = value
    args.torch_env = pairs
    if args.rounds < 1 or args.steps < 1 or args.classes < 2 or args.max_gib <= 0:
        parser.error("--rounds and --steps must be ≥ 1, --classes ≥ 2, --max-gib > 0")
    for width in args.width or []:
        try:
            if Fraction(width) <= 0:
                raise ValueError
        except (ValueError, ZeroDivisionError):
            parser.error(f"--width: {width!r} is not a positive decimal or fraction")
    if not os.access(args.recstats, os.X_OK):
        print(f"error: {args.recstats} is not an executable. HINT: swift build -c release, then --recstats .build/release/recstats",
              file=sys.stderr)
        return 1
    try:
        cases = plan(args)
        print(f"checking parameter counts of {len(cases)} case(s) against recstats models …", file=sys.stderr)
        counts, torch_version = check_parameters(args.recstats, cases)
        report = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
                  "torch_version": torch_version, "recstats": os.path.abspath(args.recstats),
                  "rounds": args.rounds, "steps": args.steps, "torch_channels_last": args.torch_channels_last,
                  "torch_env": args.torch_env, "load_before": load_average(), "cases": [],
                  # Every child's ru_maxrss starts at least at this (Linux keeps it across fork and exec).
                  "max_gib": args.max_gib,
                  "driver_peak_resident_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
        entries = [{"case": c, "parameters": counts[(c["model"], c["width"], c["classes"], c["s_form"])], "rounds": []} for c in cases]
        for k in range(args.rounds):
            for e in entries:
                c = e["case"]
                label = f"round {k + 1}/{args.rounds} {c['model']} w {c['width']} b {c['batch']} {c['image_size']}px {c['threads']}t"
                # A side that passed --max-gib once would pass it again: later rounds skip it.
                skipped = {"status": "skipped", "note": "skipped: passed --max-gib in an earlier round"}
                passed = {side for r in e["rounds"] for side in ("recstats", "torch") if r[side]["status"] == "over-limit"}
                ours = skipped if "recstats" in passed else run_recstats(args, c)
                theirs = skipped if "torch" in passed else run_torch(args, c)
                for side, r in (("recstats", ours), ("PyTorch", theirs)):
                    if r["status"] == "ok" and r["parameters"] != e["parameters"]:
                        raise BenchError(f"{label}: {side} trained {r['parameters']:,} parameters, expected {e['parameters']:,}")
                e["rounds"].append({"round": k + 1, "recstats": ours, "torch": theirs})
                def show(r):
                    return (f"{r['images_per_second']:.1f} img/s, {r['peak_resident_bytes'] / MIB:.0f} MiB" if r["status"] == "ok"
                            else r["note"])
                print(f"{label}: recstats {show(ours)} | PyTorch {show(theirs)}", file=sys.stderr, flush=True)
                if args.json_out:  # what is done so far, so a long run stopped early keeps its finished runs
                    write_json(args.json_out, dict(report, cases=entries, complete=False))
        for e in entries:
            summarise(e)
        report["cases"] = entries
        report["shape_sums"] = shape_sums(entries, args.rounds)
        report["load_after"] = load_average()
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json_out:
        write_json(args.json_out, dict(report, complete=True))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render(report), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
