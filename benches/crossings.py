#!/usr/bin/env python3
"""Counts edge crossings in a drawing's final geometry, the same way for archc and Graphviz.

    crossings.py FILE.json
    crossings.py --self-test

FILE.json is either archc's layout JSON (`archc render --format layout-json`: each edge's
`points` polyline) or Graphviz's JSON output (`dot -Tjson`: each edge's `_draw_` B-spline, whose
cubic Bézier pieces are flattened into 16 straight pieces each). A crossing is a point where a
segment of one edge meets a segment of another edge, other than the first or last point of
either route (two edges that share an end node may meet there), and overlapping collinear
segments count nothing. Each point counts once, however many pairs of edges meet there: edges
drawn as one line (archc's buses, where several edges into one node share their last stretch)
cross another line once, as the reader sees it, and an edge that turns into a line it then
runs along (a T-join into a bus, or a split out of one) does not cross it there. Prints three numbers: the edges, the crossing
points, and the crossing points where two edges that have no end node in common meet (those
are never an artefact of how a tool fans edges out of one box).
"""

import json
import sys
from collections import defaultdict

EPS = 1e-9


def bezier(points, pieces=16):
    """Flattens a piecewise cubic Bézier curve (3k+1 control points) into a polyline."""
    out = [tuple(points[0])]
    for i in range(0, len(points) - 3, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[i : i + 4]
        for k in range(1, pieces + 1):
            t = k / pieces
            u = 1 - t
            a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def polylines(doc):
    """The route of every edge as a list of (x, y) points, and its (from, to) nodes."""
    routes, ends = [], []
    if "nodes" in doc and "containers" in doc:  # archc
        for e in doc["edges"]:
            routes.append([tuple(p) for p in e["points"]])
            ends.append((e["from"], e["to"]))
        return routes, ends
    for e in doc.get("edges", []):  # Graphviz -Tjson
        for op in e.get("_draw_", []):
            if op.get("op") in ("b", "B"):
                routes.append(bezier(op["points"]))
            elif op.get("op") == "L":
                routes.append([tuple(p) for p in op["points"]])
            else:
                continue
            ends.append((e["tail"], e["head"]))
    return routes, ends


def intersection(p, q, r, s):
    """The point where segments pq and rs meet, or None (parallel or collinear: None)."""
    dx1, dy1 = q[0] - p[0], q[1] - p[1]
    dx2, dy2 = s[0] - r[0], s[1] - r[1]
    den = dx1 * dy2 - dy1 * dx2
    if abs(den) < EPS:
        return None
    t = ((r[0] - p[0]) * dy2 - (r[1] - p[1]) * dx2) / den
    u = ((r[0] - p[0]) * dy1 - (r[1] - p[1]) * dx1) / den
    if -EPS <= t <= 1 + EPS and -EPS <= u <= 1 + EPS:
        return (p[0] + t * dx1, p[1] + t * dy1)
    return None


def count(routes, nodes=None):
    """Returns (crossings, crossings between edges without a common end node): `nodes[e]` is
    edge e's (from, to); without it every pair of edges counts as independent."""
    segments = []
    for e, route in enumerate(routes):
        for a, b in zip(route, route[1:]):
            if a != b:
                segments.append((e, a, b))
    if not segments:
        return 0, 0
    xs = [c for _, a, b in segments for c in (a[0], b[0])]
    ys = [c for _, a, b in segments for c in (a[1], b[1])]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    cell = max(span / max(len(segments) ** 0.5, 1.0), 20.0)
    grid = defaultdict(list)
    for i, (_, a, b) in enumerate(segments):
        for gx in range(int(min(a[0], b[0]) // cell), int(max(a[0], b[0]) // cell) + 1):
            for gy in range(int(min(a[1], b[1]) // cell), int(max(a[1], b[1]) // cell) + 1):
                grid[(gx, gy)].append(i)
    ends = [(r[0], r[-1]) for r in routes]

    def at_end(point, e):
        return any(abs(point[0] - x) < 0.5 and abs(point[1] - y) < 0.5 for x, y in ends[e])

    def near(p, q):
        return abs(p[0] - q[0]) < 0.5 and abs(p[1] - q[1]) < 0.5

    def on(point, a, b):
        """Whether `point` lies on segment ab (within half a unit)."""
        cross = (b[0] - a[0]) * (point[1] - a[1]) - (b[1] - a[1]) * (point[0] - a[0])
        length = max(abs(b[0] - a[0]), abs(b[1] - a[1]), EPS)
        inside = min(a[0], b[0]) - 0.5 <= point[0] <= max(a[0], b[0]) + 0.5 and min(
            a[1], b[1]
        ) - 0.5 <= point[1] <= max(a[1], b[1]) + 0.5
        return inside and abs(cross) / length < 0.5

    def joins(point, e, other):
        """Whether edge `e` joins (or leaves) edge `other`'s line at `point`: `point` is a
        corner of `e`'s route, and a stretch of `e` next to it runs along `other`."""
        route = routes[e]
        for k in range(1, len(route) - 1):
            if not near(route[k], point):
                continue
            for q in (route[k - 1], route[k + 1]):
                mid = ((point[0] + q[0]) / 2, (point[1] + q[1]) / 2)
                if any(on(mid, c, d) for c, d in zip(routes[other], routes[other][1:])):
                    return True
        return False

    found = {}
    tested = set()
    for members in grid.values():
        for ii in range(len(members)):
            i = members[ii]
            ei, a, b = segments[i]
            for j in members[ii + 1 :]:
                ej, c, d = segments[j]
                if ei == ej or (i, j) in tested:
                    continue
                tested.add((i, j))
                point = intersection(a, b, c, d)
                if point is None or at_end(point, ei) or at_end(point, ej):
                    continue
                if joins(point, ei, ej) or joins(point, ej, ei):
                    continue
                key = (round(point[0] * 2) / 2, round(point[1] * 2) / 2)
                apart = nodes is None or not set(nodes[ei]) & set(nodes[ej])
                found[key] = found.get(key, False) or apart
    return len(found), sum(1 for apart in found.values() if apart)


def self_test():
    """Checks the counter on drawings whose crossings are known; exits non-zero if wrong."""
    plus = [[(0, 5), (10, 5)], [(5, 0), (5, 10)]]
    # Two edges into node t at (20, 10): b turns into a's line at (10, 5) and runs along it.
    bus = [[(0, 5), (20, 5), (20, 10)], [(10, 0), (10, 5), (20, 5), (20, 10)]]
    # The same, with a third edge crossing the shared stretch once.
    crossed = bus + [[(15, 0), (15, 10)]]
    cases = [(plus, (1, 1)), (bus, (0, 0)), (crossed, (1, 1))]
    for routes, want in cases:
        got = count(routes)
        if got != want:
            sys.exit(f"crossings.py self-test: {routes}: {got}, expected {want}")


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return
    if len(sys.argv) != 2:
        sys.exit("usage: crossings.py FILE.json | crossings.py --self-test")
    with open(sys.argv[1]) as f:
        routes, nodes = polylines(json.load(f))
    print(len(routes), *count(routes, nodes))


if __name__ == "__main__":
    main()
