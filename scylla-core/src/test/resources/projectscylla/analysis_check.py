"""Loads a data folder (DATA/<experiment>/<timestamp>/) with ProjectScylla's analysis loader, the
way its figures do (load_all_experiments, load_rubric_weights), and prints what it found as JSON.

usage: analysis_check.py DATA_DIR PS_SRC_DIR"""
import importlib, json, os, sys, types
from pathlib import Path

data, src = Path(sys.argv[1]), sys.argv[2]
sys.path.insert(0, src)
# The package __init__ files import pandas and more; the loader itself needs none of that.
for d, _, files in os.walk(os.path.join(src, "scylla")):
    if "__init__.py" in files:
        name = os.path.relpath(d, src).replace(os.sep, ".")
        module = types.ModuleType(name); module.__path__ = [d]; sys.modules[name] = module
loader = importlib.import_module("scylla.analysis.loader")
experiments = loader.load_all_experiments(data)
weights = loader.load_rubric_weights(data)
out = {"weights": weights, "experiments": {}}
for name, runs in experiments.items():
    out["experiments"][name] = [
        {
            "agent_model": r.agent_model, "tier": r.tier, "subtest": r.subtest,
            "run": r.run_number, "score": r.score, "passed": r.passed, "cost": r.cost_usd,
            "input_tokens": r.token_stats.input_tokens, "num_turns": r.num_turns,
            "judges": [
                {"model": j.judge_model, "number": j.judge_number, "score": j.score,
                 "criteria": {c: [v.achieved, v.max_points, v.score] for c, v in j.criteria.items()}}
                for j in r.judges
            ],
        }
        for r in runs
    ]
print(json.dumps(out))
