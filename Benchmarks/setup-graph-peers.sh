#!/usr/bin/env bash
# Installs the peers of `baton-bench --graph` (BENCHMARKS.md, "Graph algorithms"): python-igraph
# and networkx, for the python3 that Benchmarks/graph_peers.py runs with (override with PYTHON=...).
# pip first as usual; on a distribution Python that refuses (PEP 668), with --break-system-packages.
set -euo pipefail
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m pip install -q igraph networkx \
  || "$PYTHON" -m pip install -q --break-system-packages igraph networkx
"$PYTHON" -c 'import igraph, networkx; print("igraph", igraph.__version__, "networkx", networkx.__version__)'
