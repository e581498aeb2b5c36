#!/usr/bin/env python3
"""The peers of `baton-bench --graph` (BENCHMARKS.md, "Graph algorithms").

One peer, one algorithm, one CSV edge list per run, in its own process (so that its peak RSS is
its own): read the CSV, build the graph, compute, write the result CSV; print one JSON object
with the phases' seconds and the peak RSS.

    python3 Benchmarks/graph_peers.py --peer igraph --algorithm PageRank --csv edges.csv \
        --out result.csv [--undirected]

Peers: `igraph` (python-igraph) and `networkx`. What each computes, beside Baton's task:

* PageRank: igraph `pagerank(damping=0.85, implementation="prpack")` (PRPACK solves to
  convergence: there is no 10-iteration power method in igraph ≥ 0.10); networkx
  `pagerank(alpha=0.85)` as users call it (tol 1e-6 × N on the L1 change, max 100 rounds: it
  cannot be told "exactly 10 rounds" and still return values). Both normalise the values to sum
  1, Baton uses SPEC §12's un-normalised formula for exactly 10 rounds; the work per round is
  the same (one pass over the edges).
* WCC: igraph `connected_components(mode="weak")`; networkx `weakly_connected_components`
  (`connected_components` when undirected). Labels are the component's index, not its smallest
  id (cheaper than Baton's rule, not dearer).
* KCore: igraph `coreness()` on the simplified undirected graph; networkx `core_number`.
* TriangleCount: per-vertex counts. igraph has no per-vertex count in Python: `list_triangles()`
  (C) then one numpy `bincount`; networkx `triangles`.
* Louvain: igraph `community_multilevel()`; networkx `community.louvain_communities(seed=0)`.

Reading: the `csv` module, ids mapped to vertex numbers in order of first appearance (what
`Graph.TupleList` does; igraph has no C CSV reader for string ids), then `Graph(n, edges)`.
KCore, TriangleCount and Louvain run on the undirected simple graph (`simplify()` in the build
phase), as Baton's do.
"""

import argparse
import csv
import json
import resource
import sys
import time


def read_edges(path):
    """The CSV's (source, destination) pairs as vertex numbers, and the names in number order."""
    ids = {}
    names = []
    sources = []
    destinations = []
    with open(path, newline="") as handle:
        for row in csv.reader(handle):
            a, b = row[0], row[1]
            u = ids.get(a)
            if u is None:
                u = ids[a] = len(names)
                names.append(a)
            v = ids.get(b)
            if v is None:
                v = ids[b] = len(names)
                names.append(b)
            sources.append(u)
            destinations.append(v)
    return names, sources, destinations


def run_igraph(algorithm, path, directed):
    import igraph
    import numpy  # imported before the clock starts: a library's import is not the work

    started = time.perf_counter()
    names, sources, destinations = read_edges(path)
    graph = igraph.Graph(n=len(names), edges=list(zip(sources, destinations)), directed=directed)
    if algorithm in ("KCore", "TriangleCount", "Louvain"):
        if graph.is_directed():
            graph.to_undirected(mode="collapse")
        graph.simplify()
    built = time.perf_counter()

    if algorithm == "PageRank":
        values = graph.pagerank(damping=0.85, implementation="prpack")
        rows = (("%s" % names[v], "%.6f" % x) for v, x in enumerate(values))
    elif algorithm == "WCC":
        membership = graph.connected_components(mode="weak").membership
        rows = zip(names, membership)
    elif algorithm == "KCore":
        core = graph.coreness()
        rows = ((names[v], c) for v, c in enumerate(core) if c >= 1)
    elif algorithm == "TriangleCount":
        triangles = graph.list_triangles()
        counts = numpy.bincount(numpy.asarray(triangles, dtype=numpy.int64).ravel(), minlength=len(names)).tolist()
        rows = zip(names, counts)
    elif algorithm == "Louvain":
        membership = graph.community_multilevel().membership
        rows = zip(names, membership)
    else:
        raise SystemExit("unknown algorithm " + algorithm)
    if algorithm != "PageRank":
        rows = list(rows)  # the computation is done above; materialise lazily built pairs here
    computed = time.perf_counter()
    return started, built, computed, rows, graph.vcount(), graph.ecount()


def run_networkx(algorithm, path, directed):
    import networkx
    try:
        import scipy.sparse  # networkx's pagerank imports it on first call: not the work either
    except ImportError:
        pass

    started = time.perf_counter()
    undirected = algorithm in ("KCore", "TriangleCount", "Louvain") or not directed
    graph = networkx.Graph() if undirected else networkx.DiGraph()
    with open(path, newline="") as handle:
        graph.add_edges_from((row[0], row[1]) for row in csv.reader(handle))
    if undirected:
        graph.remove_edges_from(list(networkx.selfloop_edges(graph)))
    built = time.perf_counter()

    if algorithm == "PageRank":
        values = networkx.pagerank(graph, alpha=0.85)
        rows = [(v, "%.6f" % x) for v, x in values.items()]
    elif algorithm == "WCC":
        components = networkx.weakly_connected_components(graph) if not undirected else networkx.connected_components(graph)
        rows = [(v, label) for label, component in enumerate(components) for v in component]
    elif algorithm == "KCore":
        rows = [(v, c) for v, c in networkx.core_number(graph).items() if c >= 1]
    elif algorithm == "TriangleCount":
        rows = list(networkx.triangles(graph).items())
    elif algorithm == "Louvain":
        communities = networkx.community.louvain_communities(graph, seed=0)
        rows = [(v, label) for label, community in enumerate(communities) for v in community]
    else:
        raise SystemExit("unknown algorithm " + algorithm)
    computed = time.perf_counter()
    return started, built, computed, rows, graph.number_of_nodes(), graph.number_of_edges()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peer", choices=["igraph", "networkx"], required=True)
    parser.add_argument("--algorithm", required=True)
    parser.add_argument("--csv", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--undirected", action="store_true")
    arguments = parser.parse_args()

    run = run_igraph if arguments.peer == "igraph" else run_networkx
    started, built, computed, rows, vertices, edges = run(arguments.algorithm, arguments.csv, not arguments.undirected)
    with open(arguments.out, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows(rows)
    written = time.perf_counter()
    if arguments.peer == "igraph":
        import igraph
        version = igraph.__version__
    else:
        import networkx
        version = networkx.__version__
    json.dump({
        "peer": arguments.peer, "version": version, "algorithm": arguments.algorithm,
        "vertices": vertices, "edges": edges,
        "load_seconds": built - started, "compute_seconds": computed - built,
        "write_seconds": written - computed, "total_seconds": written - started,
        # ru_maxrss is in KiB on Linux.
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
