#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
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
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 4 or parts[0] != "BENCH":
                continue
            try:
                runs[parts[1]][parts[2]].append(float(parts[3]))
            except ValueError:
                sys.exit(f"report: bad value in: {line.strip()}")
    return runs


def ratio(ours, base, higher_better):
    if not ours or not base:
        return None
    return ours / base if higher_better else base / ours


def main():
    log, out_json, out_md = sys.argv[1:4]
    runs = parse(log)
    if not runs:
        sys.exit("report: no BENCH lines: did the guest run finish?")
    rows = []
    for metric in sorted(runs):
        unit, higher = UNITS[metric.split(".")[0]]
        med = {dev: statistics.median(v) for dev, v in runs[metric].items()}
        for dev in sorted(d for d in med if d.startswith("daxmgr")):
            rows.append({
                "metric": metric, "unit": unit, "device": dev,
                "median": med[dev], "runs": runs[metric][dev],
                "device_dax": med.get("device-dax"),
                "limit": med.get("limit"),
                "ratio_vs_device_dax": ratio(med[dev], med.get("device-dax"), higher),
                "ratio_vs_limit": ratio(med[dev], med.get("limit"), higher),
            })
    with open(out_json, "w") as f:
        json.dump({"rows": rows, "raw": runs}, f, indent=1)

    fmt = lambda v: "" if v is None else (f"{v:.2f}" if v < 100 else f"{v:.0f}")
    lines = [
        "| metric | unit | daxmgr | median | device-dax | ours/device-dax | limit | ours/limit |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["metric"], r["unit"], r["device"], fmt(r["median"]),
            fmt(r["device_dax"]),
            fmt(r["ratio_vs_device_dax"]) + ("x" if r["ratio_vs_device_dax"] else ""),
            fmt(r["limit"]),
            fmt(r["ratio_vs_limit"]) + ("x" if r["ratio_vs_limit"] else "")))
    lines.append("")
    lines.append("Ratios are speed ratios: above 1.00x daxmgr is faster (for times, "
                 "device-dax time / daxmgr time).  Medians of every run in one boot.")
    with open(out_md, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
