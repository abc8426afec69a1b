#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
"""`make bench-scale`'s report: the SCALE lines of the guest runs (one
boot per NVDIMM size, tests/vm/cases/bench_scale.sh) to PREFIX.json (every
run), PREFIX.md (medians, spreads, ratios, fitted growth) and one plot per
alignment, PREFIX-4K.png and PREFIX-2M.png (gnuplot; skipped without it).

usage: scale_report.py LOG PREFIX [MODE]   (MODE: wall or icount, for the text)"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict

GIB = 1 << 30
DRIVERS = ("daxmgr", "device_dax")

# metric -> (label, unit, what device_dax runs when it differs)
METRICS = {
    "create": ("create", "ms", "daxmgr create / ndctl create-namespace -m devdax"),
    "bind": ("bind (sysfs write)", "ms", ""),
    "bind.cli": ("bind (CLI)", "ms", "daxmgr bind / daxctl enable-device"),
    "fault": ("first fault", "us", ""),
    "attr.idle": ("pinned_pages read, idle", "us", "device_dax: its size attribute"),
    "attr.touched": ("pinned_pages read, touched", "us", "device_dax: its size attribute"),
    "list": ("list (CLI)", "ms", "daxmgr list / daxctl list"),
    "unbind.idle": ("unbind, idle (sysfs write)", "ms", ""),
    "unbind.cli": ("unbind, idle (CLI)", "ms", "daxmgr unbind / daxctl disable-device"),
    "unbind.touched": ("unbind, touched (sysfs write)", "ms", ""),
    "unbind.pin1": ("unbind, 1 pin: overhead", "ms",
                    "daxmgr io policy, time beyond the read's own; "
                    "device_dax column: its idle sysfs unbind"),
    "destroy": ("destroy (CLI)", "ms", "daxmgr destroy --raw / ndctl create-namespace -m raw"),
    "dram": ("DRAM of the bound device", "MiB", ""),
    "pins.poll": ("drain look, every touched unit pinned", "ns",
                  "daxmgr only: re-tests 32 watched pages"),
    "pins.count": ("count of every pinned unit (drain's first)", "us", "daxmgr only"),
    "pins.reap": ("park reaper look, every touched unit pinned", "ns", "daxmgr only"),
}
ORDER = list(METRICS)


def parse(path):
    runs = defaultdict(list)       # (metric, align, map, driver, size) -> values
    touched = {}                   # (align, map, driver, size) -> bytes
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) != 7 or p[0] != "SCALE":
                continue
            size, align, mp, drv, metric, val = int(p[1]), p[2], p[3], p[4], p[5], float(p[6])
            if metric == "touched":
                touched[(align, mp, drv, size)] = val
            elif metric in METRICS:
                runs[(metric, align, mp, drv, size)].append(val)
    return runs, touched


def fit(points):
    """points: [(size_gib, touched_gib, value)] -> a short growth label."""
    if len(points) < 2:
        return "one size", None
    xs = [p[0] for p in points]
    ts = [p[1] for p in points]
    ys = [p[2] for p in points]

    def lin(x, y):
        n, mx, my = len(x), statistics.fmean(x), statistics.fmean(y)
        sxx = sum((a - mx) ** 2 for a in x)
        if sxx == 0:
            return my, 0.0, sum((b - my) ** 2 for b in y)
        b = sum((a - mx) * (c - my) for a, c in zip(x, y)) / sxx
        a0 = my - b * mx
        rss = sum((c - a0 - b * a) ** 2 for a, c in zip(x, y))
        return a0, b, rss

    a_s, b_s, rss_s = lin(xs, ys)
    a_t, b_t, rss_t = lin(ts, ys)
    top = max(ys) or 1.0
    # what the slope adds at the largest size, against the value there
    share_s = b_s * max(xs) / top if top else 0
    share_t = b_t * max(ts) / top if top else 0
    same = max(ts) - min(ts) > 0 and all(
        abs(t / x - ts[0] / xs[0]) < 0.05 * ts[0] / xs[0] for x, t in zip(xs, ts))
    if max(share_s, share_t) < 0.25:
        return "constant", {"model": "constant", "value": statistics.fmean(ys)}
    if same:
        return (f"linear in size = touched ({b_s:+.3g}/GiB)",
                {"model": "size=touched", "intercept": a_s, "per_gib": b_s})
    if rss_t < rss_s and share_t >= 0.25:
        return (f"linear in touched ({b_t:+.3g}/GiB touched)",
                {"model": "touched", "intercept": a_t, "per_gib_touched": b_t})
    return (f"linear in size ({b_s:+.3g}/GiB)",
            {"model": "size", "intercept": a_s, "per_gib": b_s})


def fmt(v):
    if v is None:
        return ""
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def gib(size):
    return f"{size / GIB:g} GiB"


def main():
    log, prefix = sys.argv[1:3]
    mode = sys.argv[3] if len(sys.argv) > 3 else "wall"
    runs, touched = parse(log)
    if not runs:
        sys.exit("scale_report: no SCALE lines: did the guest runs finish?")
    sizes = sorted({k[4] for k in runs})
    combos = sorted({(k[1], k[2]) for k in runs}, key=lambda c: (c[0] != "4K", c[0], c[1]))
    ref = 16 * GIB if 16 * GIB in sizes else sizes[-1]

    rows = []
    for metric in ORDER:
        label, unit, note = METRICS[metric]
        for align, mp in combos:
            row = {"metric": metric, "operation": label, "unit": unit, "align": align,
                   "map": mp, "note": note, "sizes": {}, "growth": {}}
            for drv in DRIVERS:
                pts = []
                for s in sizes:
                    v = runs.get((metric, align, mp, drv, s))
                    if not v:
                        continue
                    med = statistics.median(v)
                    t = touched.get((align, mp, drv, s), 0) / GIB
                    row["sizes"].setdefault(str(s), {})[drv] = {
                        "median": med, "min": min(v), "max": max(v), "runs": v,
                        "touched_gib": t}
                    pts.append((s / GIB, t, med))
                if pts:
                    row["growth"][drv] = fit(pts)
            if row["sizes"]:
                rows.append(row)

    with open(prefix + ".json", "w") as f:
        json.dump({"sizes": sizes, "reference_size": ref, "rows": rows}, f, indent=1)

    def cell(row, s, drv):
        return row["sizes"].get(str(s), {}).get(drv)

    nruns = max(len(c["runs"]) for r in rows for d in r["sizes"].values() for c in d.values())
    out = [f"# daxmgr vs device_dax against device size",
           "",
           "Mode: " + ("icount (one vCPU under QEMU's instruction counting: a time is "
                       "the guest instructions executed, 1 ns each, plus idle time "
                       "skipped over)" if mode == "icount" else
                       "wall (two vCPUs, multi-threaded TCG, the host's clock: "
                       "read ratios as equal within the runs' min-max)") + ".",
           "",
           f"Sizes: {', '.join(gib(s) for s in sizes)}; up to {nruns} runs per size, "
           "alignment, --map and driver, in alternating order on the same "
           "namespace in one boot per size (`make bench-scale`).  Times are "
           "medians; min-max is the spread of the runs; the ratio is daxmgr's "
           "median over device_dax's (a cost: below 1.00 daxmgr is cheaper, "
           "the target is at most 1.10).  Growth is a least-squares fit of the "
           "medians over the sizes (constant: the slope adds under 25% at the "
           "largest size).",
           "",
           f"## At {gib(ref)}",
           "",
           "| operation | unit | align | map | daxmgr median | daxmgr min-max | "
           "device_dax median | device_dax min-max | daxmgr / device_dax | runs | "
           "growth, daxmgr | growth, device_dax |",
           "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for r in rows:
        if r["metric"] == "dram":
            continue
        o, d = cell(r, ref, "daxmgr"), cell(r, ref, "device_dax")
        if not o:
            continue
        dd_ref = d
        if r["metric"] == "unbind.pin1":
            dd_ref = cell(next(x for x in rows if x["metric"] == "unbind.idle"
                               and x["align"] == r["align"] and x["map"] == r["map"]),
                          ref, "device_dax")
        ratio = (f"{o['median'] / dd_ref['median']:.2f}"
                 if dd_ref and dd_ref["median"] > 0 else "")
        out.append("| {} | {} | {} | {} | {} | {}-{} | {} | {} | {} | {} | {} | {} |".format(
            r["operation"], r["unit"], r["align"], r["map"], fmt(o["median"]),
            fmt(o["min"]), fmt(o["max"]),
            fmt(dd_ref["median"]) if dd_ref else "",
            f"{fmt(dd_ref['min'])}-{fmt(dd_ref['max'])}" if dd_ref else "",
            ratio, len(o["runs"]),
            r["growth"].get("daxmgr", ("",))[0], r["growth"].get("device_dax", ("",))[0]))

    out += ["", "## DRAM taken by the bound device", "",
            "MiB of MemFree from the raw namespace to the bound device, the largest "
            "of the runs (min-max beside it).  An unbind leaves the vmemmap blocks "
            "at both ends of the range mapped and the next bind reuses them, so a "
            "run that follows another reads low; the largest is the run that "
            "found the least left over.  memmap: the struct pages' own size "
            "(64 B per 4 KiB page; at 2M the kernel maps one page of them per "
            "compound page and shares the tails: 4 MiB per GiB), in DRAM with "
            "--map mem, in the namespace with --map dev.", "",
            "| align | map | size | memmap | daxmgr | daxmgr min-max | device_dax | device_dax min-max |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        if r["metric"] != "dram":
            continue
        for s in sizes:
            o, d = cell(r, s, "daxmgr"), cell(r, s, "device_dax")
            if not o and not d:
                continue
            if r["map"] == "dev":
                memmap = 0.0
            else:
                memmap = s / GIB * (16 if r["align"] == "4K" else 4)
            out.append("| {} | {} | {} | {} | {} | {} | {} | {} |".format(
                r["align"], r["map"], gib(s), fmt(memmap),
                fmt(o and o["max"]), f"{fmt(o['min'])}-{fmt(o['max'])}" if o else "",
                fmt(d and d["max"]), f"{fmt(d['min'])}-{fmt(d['max'])}" if d else ""))

    out += ["", "## Medians at every size", "",
            "| operation | unit | align | map | driver | " + " | ".join(gib(s) for s in sizes)
            + " | touched at the largest |",
            "| --- | --- | --- | --- | --- | " + " | ".join("---:" for _ in sizes) + " | ---: |"]
    for r in rows:
        for drv in DRIVERS:
            vals = [cell(r, s, drv) for s in sizes]
            if not any(vals):
                continue
            last = [v for v in vals if v][-1]
            out.append("| {} | {} | {} | {} | {} | {} | {} |".format(
                r["operation"], r["unit"], r["align"], r["map"], drv,
                " | ".join(fmt(v["median"]) if v else "" for v in vals),
                f"{last['touched_gib']:.2f} GiB"))
    out += ["", "## What runs", ""]
    for m in ORDER:
        label, unit, note = METRICS[m]
        if note:
            out.append(f"* {label}: {note}")
    out.append("* touched: after faulting in the whole device at 2M, "
               "at most SCALE_TOUCH_4K (2 GiB) at 4K (one store per unit)")
    pngs = plot(rows, sizes, combos, prefix)
    if pngs:
        out += ["", "Plots: " + ", ".join(f"![{os.path.basename(p)}]({os.path.basename(p)})"
                                           for p in pngs)]
    with open(prefix + ".md", "w") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(out))


def plot(rows, sizes, combos, prefix):
    """One PNG per alignment: a panel per operation, time against size."""
    if not shutil.which("gnuplot"):
        print("scale_report: no gnuplot: no plots", file=sys.stderr)
        return []
    pngs = []
    datdir = tempfile.mkdtemp(prefix="scale-plot.")
    for align in sorted({c[0] for c in combos}, key=lambda a: (a != "4K", a)):
        maps = [c[1] for c in combos if c[0] == align]
        panels = [r for r in rows if r["align"] == align and r["map"] == maps[0]]
        png = f"{prefix}-{align}.png"
        cols = 4
        nrows = (len(panels) + cols - 1) // cols
        g = [f"set terminal pngcairo size {cols * 420},{nrows * 320} font ',9'",
             f"set output '{png}'",
             f"set multiplot layout {nrows},{cols} title 'daxmgr vs device\\_dax, align {align}: median against NVDIMM size'",
             "set logscale x 2", "set xlabel 'GiB'", "set key top left font ',7'",
             "set grid"]
        for r in panels:
            series = []
            for mp in maps:
                rr = next(x for x in rows if x["metric"] == r["metric"]
                          and x["align"] == align and x["map"] == mp)
                for drv in DRIVERS:
                    dat = f"{datdir}/{r['metric']}-{align}-{mp}-{drv}.dat"
                    with open(dat, "w") as f:
                        for s in sizes:
                            c = rr["sizes"].get(str(s), {}).get(drv)
                            if c:
                                f.write(f"{s / GIB:g} {c['median']} {c['min']} {c['max']}\n")
                    if os.path.getsize(dat):
                        color = "#c0392b" if drv == "daxmgr" else "#2c3e8f"
                        dash = 1 if mp == "mem" else 2
                        series.append(f"'{dat}' using 1:2:3:4 with yerrorlines lc rgb '{color}' "
                                      f"dt {dash} title '{drv.replace('_', chr(92) + '_')} --map {mp}'")
            g.append(f"set title '{r['operation'].replace('_', chr(92) + '_')}'")
            g.append(f"set ylabel '{r['unit']}'")
            g.append("plot " + ", ".join(series) if series else "plot 0 notitle")
        g.append("unset multiplot")
        with open(f"{datdir}/{align}.gp", "w") as f:
            f.write("\n".join(g) + "\n")
        rc = subprocess.run(["gnuplot", f"{datdir}/{align}.gp"],
                            stderr=subprocess.DEVNULL).returncode
        if rc == 0:
            pngs.append(png)
    shutil.rmtree(datdir, ignore_errors=True)
    return pngs


if __name__ == "__main__":
    main()
