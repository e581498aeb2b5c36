#!/usr/bin/env bash
# Builds the embedding example and runs its workflow end to end; fails if the job fails.
set -euo pipefail
cd "$(dirname "$0")"
swift build
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
cp home/workflows.yml "$home/"
.build/debug/shop workflow run shop.ORDER '{"user": 7}' --home "$home" --wait
.build/debug/shop job show 1 --home "$home" | tee "$home/show.txt"
grep -q '"receipt_for":42' "$home/show.txt"
echo "example ok"
