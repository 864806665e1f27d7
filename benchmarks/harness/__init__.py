"""The build benchmark's parts: common, measure, sites, machine, peers, bench, report (run.py drives them)."""
