#!/usr/bin/env python3
"""Import cycles between the modules of a crate's source tree.

Usage: scripts/module_cycles.py [SRC_DIR ...]   (default: src crates/*/src but the patched plotters)

A module is a file (`foo.rs`, `foo/mod.rs`); its imports are the `crate::`, `super::` and
`self::` paths of its `use` items and of paths written in its code, resolved to the
deepest module they name. Child modules count as part of their parent for the parent's
imports of them (a parent declares its children), so only imports across siblings and
up the tree make edges. Prints each strongly connected set of more than one module and
exits 1 if there is one; `#[cfg(test)]` modules and `tests.rs` files are left out (a test
may import what it tests from anywhere).
"""

import re
import sys
from pathlib import Path

PATH_RE = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
USE_GROUP_RE = re.compile(r"\buse\s+(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^;]*)\};", re.S)


def modules(src: Path):
    """Module path (tuple) → file, for every .rs file under src."""
    out = {}
    for f in src.rglob("*.rs"):
        rel = f.relative_to(src)
        parts = list(rel.with_suffix("").parts)
        if parts[-1] in ("mod", "lib", "main"):
            parts = parts[:-1]
        if parts and parts[-1] == "tests" or "tests" in parts:
            continue
        out[tuple(parts)] = f
    return out


def strip_tests(text: str) -> str:
    """The text without `#[cfg(test)] mod … { … }` blocks."""
    out, i = [], 0
    while True:
        j = text.find("#[cfg(test)]", i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:j])
        brace = text.find("{", j)
        semi = text.find(";", j)
        if semi >= 0 and (brace < 0 or semi < brace):
            i = semi + 1
            continue
        depth, k = 0, brace
        while k < len(text):
            if text[k] == "{":
                depth += 1
            elif text[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        i = k + 1


def resolve(mods, here, root, segs):
    base = {"crate": (), "super": here[:-1], "self": here}[root]
    path = list(base)
    for s in segs:
        if s == "super":
            path = path[:-1]
        else:
            path.append(s)
    # The deepest module the path names.
    while path and tuple(path) not in mods:
        path.pop()
    return tuple(path)


def edges(mods):
    graph = {m: set() for m in mods}
    for m, f in mods.items():
        text = strip_tests(f.read_text())
        text = re.sub(r"//.*", "", text)
        found = []
        for root, prefix, group in USE_GROUP_RE.findall(text):
            pre = [s for s in prefix.split("::") if s]
            for item in re.split(r",", group):
                item = item.strip().split(" as ")[0]
                segs = [s for s in re.split(r"::|\{|\}", item) if s.strip()]
                if segs:
                    found.append((root, pre + [segs[0].strip()] + [s.strip() for s in segs[1:2]]))
        for root, rest in PATH_RE.findall(text):
            found.append((root, [s for s in rest.split("::") if s]))
        for root, segs in found:
            target = resolve(mods, m, root, segs)
            # A module's own descendants and ancestors are not edges: a parent declares
            # its children, and a child may use what its parent re-exports.
            if target[: len(m)] == m or m[: len(target)] == target:
                continue
            graph[m].add(target)
    return graph


def cycles(graph):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def main():
    # crates/vendor/plotters (upstream's plotters, patched) is no crate of ours: not matched.
    ours = (p for p in Path("crates").glob("*/src") if p.parent.name != "plotters")
    roots = [Path(a) for a in sys.argv[1:]] or [Path("src")] + sorted(ours)
    bad = 0
    for src in roots:
        mods = modules(src)
        found = cycles(edges(mods))
        for comp in found:
            bad += 1
            names = ", ".join("::".join(m) or "crate" for m in comp)
            print(f"{src}: cycle among {names}")
        print(f"{src}: {len(mods)} modules, {len(found)} cycles")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
