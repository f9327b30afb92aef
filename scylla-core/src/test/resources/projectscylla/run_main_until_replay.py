"""Runs ProjectScylla main's `manage_experiment.py run` for a comparison test, up to the point
where the agent would start (`--until replay_generated`).

Usage: run_main_until_replay.py STUBS CHECKOUT ARGS...
STUBS is the folder with the stand-in `hephaestus` package; CHECKOUT a ProjectScylla checkout
(src/, scripts/, config/, tests/); ARGS are manage_experiment.py's own arguments.

Only what would leave the machine or needs tools a test machine lacks is replaced:
- scylla.e2e.model_validation.validate_model (asks `claude` whether the model exists): answers yes;
- scylla.e2e.rate_limit.check_api_rate_limit_status (pings the API): reports no rate limit;
- scylla.e2e.build_pipeline._run_build_pipeline (compileall, ruff, pytest, pre-commit on the
  task repository): reports every step passed.
The clone of source.repo is not replaced: the caller points main's own --repo/--commit options at
a local repository, and main clones that.
"""

import runpy
import sys
from pathlib import Path


def main() -> None:
    stubs, checkout = sys.argv[1], Path(sys.argv[2])
    sys.path[:0] = [stubs, str(checkout / "src"), str(checkout / "scripts")]
    from scylla.e2e import build_pipeline, model_validation, rate_limit
    from scylla.e2e.llm_judge_models import BuildPipelineResult

    model_validation.validate_model = lambda model_id, **kwargs: True
    rate_limit.check_api_rate_limit_status = lambda: None
    build_pipeline._run_build_pipeline = lambda workspace, language="python": (
        BuildPipelineResult(language=language, all_passed=True)
    )
    script = checkout / "scripts" / "manage_experiment.py"
    sys.argv = [str(script), *sys.argv[3:]]
    runpy.run_path(str(script), run_name="__main__")


if __name__ == "__main__":
    main()
