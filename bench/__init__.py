"""Benchmarks (README, "Performance"): run as ``python -m bench.run``."""
