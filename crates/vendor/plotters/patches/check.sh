#!/bin/sh
# Rebuilds the vendored copy from plotters 0.3.7 and these patches, and compares it with
# crates/vendor/plotters. Run from anywhere after a build has fetched plotters 0.3.7, e.g.
#   cargo fetch --manifest-path <a crate depending on plotters =0.3.7 without our patch>
# Usage: crates/vendor/plotters/patches/check.sh [path to the pristine plotters-0.3.7]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vendored=$(dirname "$here")
pristine=${1:-$(ls -d "$HOME"/.cargo/registry/src/*/plotters-0.3.7 | head -n 1)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$pristine" "$work/plotters"
for p in "$here"/0*.patch; do
    patch -s -p1 -d "$work/plotters" < "$p"
done
# The copy leaves out what the build does not need, and adds its notes and these patches.
diff -r -x examples -x benches -x blub.png -x Cargo.lock -x .cargo_vcs_info.json \
    -x TICKERTONE-PATCH.md -x patches "$work/plotters" "$vendored"
echo "crates/vendor/plotters = plotters 0.3.7 + $(ls "$here"/0*.patch | wc -l) patches"
