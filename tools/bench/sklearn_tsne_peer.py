#!/usr/bin/python3
"""The scikit-learn peer for LatentLab's t-SNE benchmark (README, Performance).

Reads codes, runs sklearn.manifold.TSNE with its default settings (init='pca',
learning_rate='auto', perplexity 30, 1000 iterations, Barnes-Hut), random_state=1,
and prints the seconds it took and the trustworthiness@10 of its map. With
--ours, the same trustworthiness is computed for LatentLab's map of the same
codes, so both numbers come from one evaluator.

Codes:  a CSV as `latentlab-cli bench --tsne-export` or the codes CSV writer
        (index,label,z0,...; columns named z* are taken; without a header all
        columns are), a .npy array, or raw little-endian float32 (with --dim).
Layout: --ours takes raw float32 (count x 2), a .npy or a CSV of 2 columns.

Trustworthiness is scikit-learn's definition. Up to --full-limit points it is
sklearn.manifold.trustworthiness itself; above, the penalty sum runs over a
seeded sample of --sample points (against all points) and is scaled to the whole
set: the same estimate LatentLab's trustworthiness(..., sample) makes.

Run with /usr/bin/python3 (scikit-learn 1.2.1 and numpy are installed there):
  /usr/bin/python3 tools/bench/sklearn_tsne_peer.py codes.csv --ours ours.f32 --json
"""

import argparse
import csv
import json
import os
import sys
import time

import numpy as np


def read_codes(path, dim):
    if path.endswith(".npy"):
        return np.load(path).astype(np.float32)
    if path.endswith(".csv") or path.endswith(".tsv"):
        delimiter = "\t" if path.endswith(".tsv") else ","
        with open(path, newline="") as handle:
            first = next(csv.reader(handle, delimiter=delimiter))
        try:
            [float(value) for value in first]
            header = None
        except ValueError:
            header = first
        table = np.loadtxt(path, delimiter=delimiter, skiprows=1 if header else 0, dtype=np.float32, ndmin=2)
        if header:
            columns = [i for i, name in enumerate(header) if name.strip().lower().startswith("z")]
            if not columns:
                sys.exit(f"{path}: no columns named z0, z1, ... in the header {header}")
            table = table[:, columns]
        return table
    if not dim:
        sys.exit(f"{path}: raw float32 codes need --dim")
    raw = np.fromfile(path, dtype="<f4")
    if raw.size % dim:
        sys.exit(f"{path}: {raw.size} floats are not a whole number of {dim}-value codes")
    return raw.reshape(-1, dim)


def read_layout(path, count):
    if path.endswith(".npy"):
        layout = np.load(path)
    elif path.endswith(".csv"):
        layout = np.loadtxt(path, delimiter=",", dtype=np.float32, ndmin=2)
    else:
        layout = np.fromfile(path, dtype="<f4").reshape(count, -1)
    if layout.shape[0] != count:
        sys.exit(f"{path}: {layout.shape[0]} points, the codes have {count}")
    return layout.astype(np.float64)


def sampled_trustworthiness(high, low, k, sample, seed):
    """sklearn's trustworthiness, its sum over `sample` seeded rows scaled to all rows."""
    from sklearn.neighbors import NearestNeighbors

    n = high.shape[0]
    rows = np.sort(np.random.default_rng(seed).choice(n, size=sample, replace=False))
    neighbours = NearestNeighbors(n_neighbors=k + 1).fit(low).kneighbors(low[rows], return_distance=False)
    high = high.astype(np.float64)
    penalty = 0.0
    for row, found in zip(rows, neighbours):
        found = found[found != row][:k]
        distances = np.sum((high - high[row]) ** 2, axis=1)
        distances[row] = np.inf
        order = np.argsort(distances, kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(1, n + 1)
        excess = rank[found] - k
        penalty += excess[excess > 0].sum()
    penalty *= n / sample
    return 1.0 - penalty * 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0))


def trustworthiness(high, low, k, sample, full_limit, seed):
    if high.shape[0] <= full_limit:
        from sklearn.manifold import trustworthiness as sk_trustworthiness

        return sk_trustworthiness(high, low, n_neighbors=k)
    return sampled_trustworthiness(high, low, k, sample, seed)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("codes", help="codes: CSV (index,label,z0,...), .npy or raw float32")
    parser.add_argument("--dim", type=int, default=0, help="values per code, for raw float32 files")
    parser.add_argument("--limit", type=int, default=0, help="use the first N codes only")
    parser.add_argument("--ours", help="LatentLab's layout of the same codes, to evaluate alike")
    parser.add_argument("--skip-sklearn", action="store_true", help="only evaluate --ours")
    parser.add_argument("--k", type=int, default=10, help="neighbours for trustworthiness")
    parser.add_argument("--sample", type=int, default=5000, help="rows sampled above --full-limit points")
    parser.add_argument("--full-limit", type=int, default=10000, help="exact trustworthiness up to this many points")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save-layout", help="write sklearn's layout here (raw float32)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    codes = read_codes(args.codes, args.dim)
    if args.limit:
        codes = codes[: args.limit]
    codes = np.ascontiguousarray(codes, dtype=np.float32)
    import sklearn

    result = {
        "codes": os.path.basename(args.codes),
        "count": int(codes.shape[0]),
        "dim": int(codes.shape[1]),
        "sklearn": sklearn.__version__,
        "cores": os.cpu_count(),
    }
    if not args.skip_sklearn:
        from sklearn.manifold import TSNE

        start = time.perf_counter()
        layout = TSNE(n_components=2, init="pca", learning_rate="auto", random_state=args.seed).fit_transform(codes)
        result["sklearn_seconds"] = time.perf_counter() - start
        if args.save_layout:
            layout.astype("<f4").tofile(args.save_layout)
        result["sklearn_trustworthiness"] = trustworthiness(
            codes, layout, args.k, args.sample, args.full_limit, args.seed
        )
    if args.ours:
        ours = read_layout(args.ours, codes.shape[0])
        result["ours_trustworthiness"] = trustworthiness(codes, ours, args.k, args.sample, args.full_limit, args.seed)
    result["trustworthiness_method"] = (
        "sklearn.manifold.trustworthiness"
        if codes.shape[0] <= args.full_limit
        else f"sampled over {args.sample} rows (seed {args.seed})"
    )
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['count']} codes of {result['dim']} values; scikit-learn {result['sklearn']}, {result['cores']} cores")
    if "sklearn_seconds" in result:
        print(f"  sklearn TSNE      {result['sklearn_seconds']:.2f} s, trustworthiness@{args.k} "
              f"{result['sklearn_trustworthiness']:.4f}")
    if "ours_trustworthiness" in result:
        print(f"  LatentLab layout  trustworthiness@{args.k} {result['ours_trustworthiness']:.4f}")
    print(f"  ({result['trustworthiness_method']})")


if __name__ == "__main__":
    main()
