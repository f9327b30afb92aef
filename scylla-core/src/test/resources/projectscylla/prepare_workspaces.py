"""Prepares a workspace per sub-test with ProjectScylla's own code, for a comparison test.

Usage: prepare_workspaces.py SRC TIERS_DIR OUT TIER...
SRC is ProjectScylla's src/ folder; each workspace lands in OUT/<TIER>/<NN>, prepared as a run of
a tier without a baseline (T0 to T4 run first, T6 does not extend) prepares it.
"""

import sys
from pathlib import Path


def main() -> None:
    src, tiers_dir, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    sys.path.insert(0, src)
    from scylla.e2e.models import TierID
    from scylla.e2e.tier_manager import TierManager

    manager = TierManager(tiers_dir)
    for name in sys.argv[4:]:
        tier = TierID(name)
        for subtest in manager.load_tier_config(tier).subtests:
            workspace = out / name / subtest.id
            workspace.mkdir(parents=True)
            manager.prepare_workspace(
                workspace=workspace, tier_id=tier, subtest_id=subtest.id, baseline=None
            )
            print(f"{name}/{subtest.id}")


if __name__ == "__main__":
    main()
