#!/usr/bin/env python3
"""Ground truth for BatonGraph's tests, computed with networkx.

    reference.py ALGORITHM '<params json>' directed|undirected FILE
    reference.py generate GENERATOR '<params json>'

FILE is a headerless CSV of `source,destination[,weight]` rows (vertex ids are strings). The
output is one CSV row per result row, without a header, reals at full precision. Output rows
follow the vertices' first appearance in FILE, like BatonGraph's.

Add an algorithm by writing `@algorithm("Name") def f(edges, params, directed) -> rows`;
`generate` runs `@generator("name") def g(params) -> rows` (edge rows, no input file).
"""

import csv
import json
import math
import random
import re
import sys

import networkx as nx

ALGORITHMS = {}
GENERATORS = {}


def algorithm(name):
    def register(function):
        ALGORITHMS[name.lower()] = function
        return function
    return register


def generator(name):
    def register(function):
        GENERATORS[name.lower()] = function
        return function
    return register


# --- input ------------------------------------------------------------------------------------

class Edges:
    """The input rows: `rows` as (source, destination, weight or None), `order` the vertices in
    order of first appearance, `integers` whether every id is an Int64 (labels then compare as
    integers, else as text)."""

    def __init__(self, path):
        self.rows = []
        self.order = []
        seen = set()
        with open(path, newline="") as f:
            for row in csv.reader(f):
                if not row:
                    continue
                weight = float(row[2]) if len(row) > 2 and row[2] != "" else None
                self.rows.append((row[0], row[1], weight))
                for v in (row[0], row[1]):
                    if v not in seen:
                        seen.add(v)
                        self.order.append(v)
        self.weighted = any(w is not None for _, _, w in self.rows)
        self.integers = all(is_int64(v) for v in self.order)

    def key(self, vertex):
        """Sort key of SPEC §12's id order."""
        return int(vertex) if self.integers else vertex

    def smallest(self, vertices):
        return min(vertices, key=self.key)

    def multi_digraph(self, directed):
        """Every row as an edge (multi-edges kept); undirected rows go both ways, a self-loop once,
        as in BatonGraph's CSR."""
        g = nx.MultiDiGraph()
        g.add_nodes_from(self.order)
        for s, d, w in self.rows:
            g.add_edge(s, d, weight=1.0 if w is None else w)
            if not directed and s != d:
                g.add_edge(d, s, weight=1.0 if w is None else w)
        return g

    def neighbours(self, directed):
        """Per vertex: out-neighbours in input order, then (directed) in-neighbours by source
        vertex number, then input order — BatonGraph's CSR order — self-loops left out."""
        out = {v: [] for v in self.order}
        for s, d, _ in self.rows:
            out[s].append(d)
            if not directed and s != d:
                out[d].append(s)
        result = {v: [u for u in out[v] if u != v] for v in self.order}
        if directed:
            for u in self.order:
                for t in out[u]:
                    if t != u:
                        result[t].append(u)
        return result

    def undirected_weighted(self):
        """The undirected graph with weights of parallel and reverse rows summed."""
        g = nx.Graph()
        g.add_nodes_from(self.order)
        for s, d, w in self.rows:
            w = 1.0 if w is None else w
            if g.has_edge(s, d):
                g[s][d]["weight"] += w
            else:
                g.add_edge(s, d, weight=w)
        return g


def is_int64(text):
    return re.fullmatch(r"[+-]?[0-9]+", text) is not None and -(2 ** 63) <= int(text) < 2 ** 63


def component_rows(edges, components):
    label = {}
    for component in components:
        smallest = edges.smallest(component)
        for v in component:
            label[v] = smallest
    return [[v, label[v]] for v in edges.order]


# --- algorithms -------------------------------------------------------------------------------

@algorithm("PageRank")
def pagerank(edges, params, directed):
    """SPEC §12's formula taken literally (networkx's own pagerank normalises differently):
    start 1.0, PR'(v) = (1 - d) + d * sum over edges u->v of PR(u) / outdeg(u); hops only."""
    iterations = params.get("ITERATIONS", 10)
    eps = params.get("EPS", 0.0001)
    damping = params.get("DAMPING", 0.85)
    g = edges.multi_digraph(directed)
    rank = {v: 1.0 for v in edges.order}
    for _ in range(iterations):
        new = {}
        for v in edges.order:
            total = 0.0
            for u, _, _ in g.in_edges(v, keys=True):
                total += rank[u] / g.out_degree(u)
            new[v] = (1 - damping) + damping * total
        moved = max((abs(new[v] - rank[v]) for v in edges.order), default=0.0)
        rank = new
        if moved <= eps:
            break
    return [[v, repr(rank[v])] for v in edges.order]


@algorithm("WCC")
def wcc(edges, params, directed):
    g = edges.multi_digraph(directed)
    return component_rows(edges, nx.weakly_connected_components(g))


@algorithm("SCC")
def scc(edges, params, directed):
    g = edges.multi_digraph(directed)
    return component_rows(edges, nx.strongly_connected_components(g))


@algorithm("DegreeCentrality")
def degree_centrality(edges, params, directed):
    """Edge counts: directed BOTH = OUT + IN; undirected all three are the degree, a self-loop
    counting 2 (networkx's MultiGraph.degree)."""
    if directed:
        g = nx.MultiDiGraph()
        g.add_nodes_from(edges.order)
        g.add_edges_from((s, d) for s, d, _ in edges.rows)
        return [[v, g.in_degree(v) + g.out_degree(v), g.out_degree(v), g.in_degree(v)] for v in edges.order]
    g = nx.MultiGraph()
    g.add_nodes_from(edges.order)
    g.add_edges_from((s, d) for s, d, _ in edges.rows)
    return [[v, g.degree(v), g.degree(v), g.degree(v)] for v in edges.order]


def propagate(edges, params, directed, preference=None, hop_att=None):
    """Label propagation as SPEC §12 fixes it: vertices one at a time in input order, neighbours
    both ways, the best-scoring label wins with ties to the smallest; stops when no label moves.
    With `preference`/`hop_att` it is HANP (Leung et al. 2009): a neighbour u with label l adds
    s(u) * deg(u)^preference to l, and the vertex takes score max s(u) over the winning label's
    neighbours minus hop_att."""
    iterations = params.get("ITERATIONS", 10)
    neighbours = edges.neighbours(directed)
    label = {v: v for v in edges.order}
    score = {v: 1.0 for v in edges.order}
    weight = {v: float(len(neighbours[v])) ** preference if preference is not None and neighbours[v] else 0.0
              for v in edges.order}
    for _ in range(iterations):
        changed = False
        for v in edges.order:
            if not neighbours[v]:
                continue
            totals = {}
            for u in neighbours[v]:
                l = label[u]
                totals[l] = totals.get(l, 0.0) + (score[u] * weight[u] if hop_att is not None else 1.0)
            best = max(totals.values())
            new = edges.smallest([l for l, t in totals.items() if t == best])
            if hop_att is not None:
                score[v] = max(score[u] for u in neighbours[v] if label[u] == new) - hop_att
            if new != label[v]:
                label[v] = new
                changed = True
        if not changed:
            break
    return [[v, label[v]] for v in edges.order]


@algorithm("LPA")
def lpa(edges, params, directed):
    return propagate(edges, params, directed)


@algorithm("HANP")
def hanp(edges, params, directed):
    return propagate(edges, params, directed, params.get("PREFERENCE", 1.0), params.get("HOP_ATT", 0.1))


@algorithm("Louvain")
def louvain(edges, params, directed):
    """One row: the modularity of networkx's louvain_communities (seed SEED) on the undirected
    weighted graph."""
    g = edges.undirected_weighted()
    communities = nx.community.louvain_communities(g, weight="weight", seed=params.get("SEED", 0))
    return [[repr(nx.community.modularity(g, communities, weight="weight"))]]


@algorithm("Modularity")
def modularity(edges, params, directed):
    """One row: networkx's modularity of the partition params["labels"] (id -> label)."""
    g = edges.undirected_weighted()
    parts = {}
    for v, l in params["labels"].items():
        parts.setdefault(l, set()).add(v)
    return [[repr(nx.community.modularity(g, list(parts.values()), weight="weight"))]]


# --- part 2: cores, triangles, paths, centralities, similarity ---------------------------------

def simple_graph(edges):
    """SPEC §12's undirected simple graph: direction dropped, self-loops dropped, multi-edges and
    reverse pairs merged."""
    g = nx.Graph()
    g.add_nodes_from(edges.order)
    g.add_edges_from((s, d) for s, d, _ in edges.rows if s != d)
    return g


def simple_directed(edges, directed):
    """nx.DiGraph / nx.Graph of the rows: parallel edges merged (paths counted once)."""
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(edges.order)
    g.add_edges_from((s, d) for s, d, _ in edges.rows)
    return g


@algorithm("KCore")
def kcore(edges, params, directed):
    kmin, kmax = params.get("KMIN", 1), params.get("KMAX", 1000000)
    core = nx.core_number(simple_graph(edges))
    return [[v, core[v]] for v in edges.order if kmin <= core[v] <= kmax]


@algorithm("TriangleCount")
def triangle_count(edges, params, directed):
    """OPT 1: the count; 2: per vertex; 3: each triangle as vertices in input order, rows sorted
    by vertex number."""
    g = simple_graph(edges)
    opt = params.get("OPT", 2)
    per_vertex = nx.triangles(g)
    if opt == 1:
        return [[sum(per_vertex.values()) // 3]]
    if opt == 2:
        return [[v, per_vertex[v]] for v in edges.order]
    number = {v: i for i, v in enumerate(edges.order)}
    found = set()
    for u, v in g.edges():
        for w in set(g[u]) & set(g[v]):
            found.add(tuple(sorted((number[u], number[v], number[w]))))
    return [[edges.order[i] for i in t] for t in sorted(found)]


@algorithm("ClusteringCoefficient")
def clustering(edges, params, directed):
    g = simple_graph(edges)
    if params.get("TYPE", "local").lower() == "global":
        return [[repr(nx.transitivity(g))]]
    values = nx.clustering(g)
    return [[v, repr(float(values[v]))] for v in edges.order]


@algorithm("BFS")
def bfs(edges, params, directed):
    depth = params.get("MAX_DEPTH", -1)
    lengths = nx.single_source_shortest_path_length(edges.multi_digraph(directed), params["ROOT"],
                                                    cutoff=None if depth == -1 else depth)
    return [[v, lengths[v]] for v in edges.order if v in lengths]


@algorithm("SSSP")
def sssp(edges, params, directed):
    lengths = nx.single_source_dijkstra_path_length(edges.multi_digraph(directed), params["ROOT"], weight="weight")
    return [[v, repr(float(lengths[v]))] for v in edges.order if v in lengths]


@algorithm("ShortestPath")
def shortest_path(edges, params, directed):
    """One row, the path's length (hops, or total weight when weighted), or no row when DST is
    unreachable: the path itself may differ between equally short ones."""
    g = edges.multi_digraph(directed)
    try:
        if edges.weighted:
            return [[repr(float(nx.dijkstra_path_length(g, params["SRC"], params["DST"], weight="weight")))]]
        return [[nx.shortest_path_length(g, params["SRC"], params["DST"])]]
    except nx.NetworkXNoPath:
        return []


class ChosenSources(random.Random):
    """A seed for networkx whose `sample` returns the sources BatonGraph drew."""

    def __init__(self, sources):
        super().__init__(0)
        self.sources = sources

    def sample(self, population, k, **kwargs):
        return list(self.sources)


@algorithm("Betweenness")
def betweenness(edges, params, directed):
    """Exact, or with params["SOURCES"] (the sources BatonGraph sampled) networkx's k-sampling
    run from exactly those sources. With one source networkx scales the source's 0 by 1/0 (NaN,
    "no data"); BatonGraph reports 0 there."""
    g = simple_directed(edges, directed)
    sources = params.get("SOURCES")
    if sources is None:
        values = nx.betweenness_centrality(g, normalized=False)
    else:
        values = nx.betweenness_centrality(g, k=len(sources), normalized=False, seed=ChosenSources(sources))
        values = {v: 0.0 if math.isnan(x) else x for v, x in values.items()}
    return [[v, repr(float(values[v]))] for v in edges.order]


@algorithm("Closeness")
def closeness(edges, params, directed):
    """Exact networkx closeness_centrality (wf_improved), or with params["PIVOTS"] BatonGraph's
    sampled estimate k^2 / (m * S) from networkx's distances out of those pivots."""
    g = simple_directed(edges, directed)
    pivots = params.get("PIVOTS")
    if pivots is None:
        values = nx.closeness_centrality(g)
        return [[v, repr(float(values[v]))] for v in edges.order]
    reaching = {v: 0 for v in edges.order}
    total = {v: 0 for v in edges.order}
    for u in pivots:
        for v, d in nx.single_source_shortest_path_length(g, u).items():
            if v != u:
                reaching[v] += 1
                total[v] += d
    rows = []
    for v in edges.order:
        m = len(pivots) - (1 if v in pivots else 0)
        rows.append([v, repr(reaching[v] ** 2 / (m * total[v]) if total[v] > 0 else 0.0)])
    return rows


@algorithm("Jaccard")
def jaccard(edges, params, directed):
    g = simple_graph(edges)
    ids1 = [i.strip() for i in params["IDS1"].split(",") if i.strip()]
    ids2 = [i.strip() for i in params["IDS2"].split(",") if i.strip()]
    pairs = [(a, b) for a in ids1 for b in ids2]
    return [[a, b, repr(float(value))] for a, b, value in nx.jaccard_coefficient(g, pairs)]


# --- generators -------------------------------------------------------------------------------

@generator("planted_partition")
def planted_partition(params):
    g = nx.planted_partition_graph(params["l"], params["k"], params["p_in"], params["p_out"], seed=params["seed"])
    return [[str(u), str(v)] for u, v in g.edges()]


@generator("karate_club")
def karate_club(params):
    return [[str(u), str(v)] for u, v in nx.karate_club_graph().edges()]


def main(argv):
    out = csv.writer(sys.stdout, lineterminator="\n")
    if argv[1] == "generate":
        rows = GENERATORS[argv[2].lower()](json.loads(argv[3]))
    else:
        name, params, direction, path = argv[1:5]
        rows = ALGORITHMS[name.lower()](Edges(path), json.loads(params), direction == "directed")
    out.writerows(rows)


if __name__ == "__main__":
    main(sys.argv)
