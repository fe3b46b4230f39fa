"""Demo certification: schemes, batches 2020-2025, certificates across provinces."""
