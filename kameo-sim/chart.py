#!/usr/bin/env python3
"""Draws docs/simulation.svg from simulator results tables (the Markdown kameo-sim/run prints).

    kameo-sim/chart.py OUT.svg SCALE.md [SCALE.md ...] --churn CHURN.md

SCALE files hold s4 tables (a row per size) or s1 tables (one size); CHURN an s2 table. Panels:
hops (median, p90) and requests per lookup (mean) against nodes; the share of lookups that found their name against nodes; that
share per time window of the churn run.
"""
import re
import sys


def rows(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("|") and "---" not in line:
            out.append([c.strip() for c in line.strip().strip("|").split("|")])
    return out


def pct(cell):
    return float(cell.split("%")[0])


def scale_points(paths):
    pts = {}
    for p in paths:
        r = rows(p)
        if r and r[0][0] == "nodes" and len(r[0]) > 2:  # s4
            for row in r[1:]:
                if row[0].isdigit():
                    med, p90, _ = [int(x) for x in row[3].split(" / ")]
                    pts[int(row[0])] = (med, p90, pct(row[2]), float(row[4]))
        else:  # s1
            d = {row[0]: row[1] for row in r if len(row) == 2}
            if "nodes" in d and d["nodes"].isdigit():
                med, p90, _ = [int(x) for x in d["hops (median / p90 / max)"].split(" / ")]
                req = float(d["requests per lookup (mean / median / p90 / max)"].split(" / ")[0])
                pts[int(d["nodes"])] = (med, p90, pct(d["lookups that found the name's holder"]), req)
    return sorted(pts.items())


def churn_points(path):
    out = []
    for row in rows(path):
        m = re.match(r"live-name lookups found, (\d+)-(\d+) s", row[0])
        if m:
            out.append((int(m.group(2)), pct(row[1])))
    return out


def main(argv):
    out_path = argv[1]
    i = argv.index("--churn")
    scale = scale_points(argv[2:i])
    churn = churn_points(argv[i + 1])
    W, H, pad = 1230, 320, 60
    pw = (W - 4 * pad) / 3
    ph = H - 2 * pad
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>']

    def panel(x0, title, xs, series, ymin, ymax, xlabel, ylabel, yfmt):
        svg.append(f'<text x="{x0 + pw / 2}" y="20" text-anchor="middle" font-size="13">{title}</text>')
        svg.append(f'<rect x="{x0}" y="{pad}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
        xmin, xmax = min(xs), max(xs)
        def px(x):
            return x0 + (x - xmin) / ((xmax - xmin) or 1) * pw
        def py(y):
            return pad + ph - (y - ymin) / ((ymax - ymin) or 1) * ph
        for k in range(5):
            y = ymin + (ymax - ymin) * k / 4
            svg.append(f'<text x="{x0 - 5}" y="{py(y) + 4}" text-anchor="end">{yfmt(y)}</text>')
            svg.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{py(y)}" y2="{py(y)}" stroke="#eee"/>')
        for x in xs:
            svg.append(f'<text x="{px(x)}" y="{pad + ph + 15}" text-anchor="middle">{x}</text>')
        svg.append(f'<text x="{x0 + pw / 2}" y="{H - 8}" text-anchor="middle">{xlabel}</text>')
        svg.append(f'<text x="{x0 - 38}" y="{pad + ph / 2}" text-anchor="middle" transform="rotate(-90 {x0 - 38} {pad + ph / 2})">{ylabel}</text>')
        for n, (name, color, ys) in enumerate(series):
            pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, ys))
            svg.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
            for x, y in zip(xs, ys):
                svg.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>')
            svg.append(f'<text x="{x0 + 8}" y="{pad + 14 + 14 * n}" fill="{color}">{name}</text>')

    xs = [n for n, _ in scale]
    panel(pad, "Hops and requests per lookup against nodes (s1/s4)", xs,
          [("median hops", "#1f77b4", [v[0] for _, v in scale]),
           ("p90 hops", "#d62728", [v[1] for _, v in scale]),
           ("requests per lookup (mean)", "#ff7f0e", [v[3] for _, v in scale])],
          0, max(8, max(max(v[1], v[3]) for _, v in scale)), "nodes", "hops, requests",
          lambda y: f"{y:.1f}")
    panel(2 * pad + pw, "Lookups that found their name, by nodes (s1/s4)", xs,
          [("% found", "#9467bd", [v[2] for _, v in scale])],
          99.0, 100.0, "nodes", "% found", lambda y: f"{y:.2f}")
    cx = [t for t, _ in churn]
    panel(3 * pad + 2 * pw, "Found under churn (s2), by time", cx,
          [("20 % of nodes replaced over the run", "#2ca02c", [v for _, v in churn])],
          99.0, 100.0, "simulated seconds into the churn run", "% found", lambda y: f"{y:.2f}")
    svg.append("</svg>")
    open(out_path, "w", encoding="utf-8").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main(sys.argv)
