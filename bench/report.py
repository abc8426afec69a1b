#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
"""Turn the BENCH lines of one `make bench` guest run into
bench/results/latest.json and a markdown table of medians and ratios."""
import json
import statistics
import sys
from collections import defaultdict

# metric prefix -> (unit, higher_is_better)
UNITS = {
    "fio": ("MiB/s", True),
    "touch": ("ms", False),
    "odirect": ("IOPS", True),
    "unbind": ("ms", False),
}


def parse(path):
    runs = defaultdict(lambda: defaultdict(list))
    info = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[0] == "BENCHINFO":
                info[parts[1]] = " ".join(parts[2:])
                continue
            if len(parts) != 4 or parts[0] != "BENCH":
                continue
            try:
                runs[parts[1]][parts[2]].append(float(parts[3]))
            except ValueError:
                sys.exit(f"report: bad value in: {line.strip()}")
    return runs, info


def ratio(ours, base, higher_better):
    if not ours or not base:
        return None
    return ours / base if higher_better else base / ours


def stats(values):
    if not values:
        return None
    med = statistics.median(values)
    return {"median": med, "min": min(values), "max": max(values), "n": len(values),
            "spread_pct": (max(values) - min(values)) / med * 100 if med else None}


# rows whose spread issue 12 bounds (2% in the deterministic mode)
STEADY = ("touch.", "odirect.", "unbind.")


def main():
    log, out_json, out_md = sys.argv[1:4]
    runs, info = parse(log)
    if not runs:
        sys.exit("report: no BENCH lines: did the guest run finish?")
    rows = []
    for metric in sorted(runs):
        unit, higher = UNITS[metric.split(".")[0]]
        st = {dev: stats(v) for dev, v in runs[metric].items()}
        dd, lim = st.get("device-dax"), st.get("limit")
        for dev in sorted(d for d in st if d.startswith("daxmgr")):
            o = st[dev]
            rows.append({
                "metric": metric, "unit": unit, "variant": dev,
                "daxmgr": o, "device_dax": dd, "limit": lim,
                "runs": runs[metric][dev],
                "ratio_vs_device_dax": ratio(o["median"], dd and dd["median"], higher),
                "ratio_vs_limit": ratio(o["median"], lim and lim["median"], higher),
            })
    mode = info.get("mode", "wall")
    with open(out_json, "w") as f:
        json.dump({"info": info, "rows": rows, "raw": runs}, f, indent=1)

    def fmt(v):
        return "" if v is None else (f"{v:.2f}" if abs(v) < 100 else f"{v:.0f}")

    def mm(st):
        return f"{fmt(st['min'])}-{fmt(st['max'])}" if st else ""

    def sp(st):
        return f"{st['spread_pct']:.1f}%" if st and st["spread_pct"] is not None else ""

    def x(v):
        return fmt(v) + "x" if v else ""

    lines = [
        f"Mode: {mode}" + (" (QEMU -icount: guest time counts executed instructions)"
                           if mode == "icount" else " (wall clock under TCG)")
        + f"; guest {info.get('kernel', '?')}, {info.get('cpus', '?')} vCPU(s).",
        "",
        "| metric | unit | daxmgr variant | runs | daxmgr median | daxmgr min-max | daxmgr spread "
        "| device_dax median | device_dax min-max | device_dax spread "
        "| speed daxmgr/device_dax | limit median | speed daxmgr/limit |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        o, dd, lim = r["daxmgr"], r["device_dax"], r["limit"]
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["metric"], r["unit"], r["variant"],
            o["n"] if not dd or dd["n"] == o["n"] else f"{o['n']} / {dd['n']}",
            fmt(o["median"]), mm(o), sp(o), fmt(dd and dd["median"]), mm(dd), sp(dd),
            x(r["ratio_vs_device_dax"]), fmt(lim and lim["median"]), x(r["ratio_vs_limit"])))
    wide = [f"{r['metric']} ({r['variant']} {r['daxmgr']['spread_pct']:.1f}%"
            + (f", device_dax {r['device_dax']['spread_pct']:.1f}%" if r["device_dax"] else "") + ")"
            for r in rows if r["metric"].startswith(STEADY)
            and max(r["daxmgr"]["spread_pct"] or 0,
                    (r["device_dax"] or {}).get("spread_pct") or 0) > 2.0]
    lines += [
        "",
        "Speed ratios: above 1.00x daxmgr is faster (for times, device_dax's median "
        "over daxmgr's).  Spread: (max - min) / median of the runs.  "
        "`limit`: the same copies on anonymous memory, the guest's ceiling.  "
        "All runs in one boot; see bench/README.md for what the mode can tell.",
        "",
        ("Fault-in, O_DIRECT and unbind rows with a spread above 2%: " + "; ".join(wide))
        if wide else "Every fault-in, O_DIRECT and unbind row has a spread of at most 2%.",
    ]
    with open(out_md, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
