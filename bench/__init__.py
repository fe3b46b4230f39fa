"""Benchmarks and data generators; never run by the tests. ``python -m bench.run`` runs them."""
