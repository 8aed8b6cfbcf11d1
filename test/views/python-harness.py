"""Runs exported ricci modules: reads [{source, args, check}] as JSON on stdin, prints results as JSON."""
import json
import sys

import numpy as np


def run(case):
    namespace = {}
    exec(case["source"], namespace)
    args = [np.array(a["data"], dtype=np.float64).reshape(a["shape"]) for a in case["args"]]
    out = np.asarray(namespace["compute"](*args), dtype=np.float64)
    result = {"shape": list(out.shape), "data": out.reshape(-1).tolist()}
    if case.get("check"):
        result["check"] = namespace["check"](*args)
    return result


def main():
    results = []
    for case in json.load(sys.stdin):
        try:
            results.append(run(case))
        except Exception as error:  # reported to the test, which fails on it
            results.append({"error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout)


main()
