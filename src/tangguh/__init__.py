"""Tangguh: competency development and certification of Indonesia's civil servants."""

import os

# polars' allocator (its own jemalloc) keeps freed pages for reuse and never hands
# some of them back by default; the register import validates a file block by block
# and would grow by every block's leftovers. One arena, freed pages returned within
# 200 ms: measured on the national file (4.3 M rows), peak memory 497 MB -> 457 MB at
# the same speed (docs/performance.md). Read when polars loads, so set here, before
# any module imports it; a value set in the environment wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "narenas:1,dirty_decay_ms:200,muzzy_decay_ms:0")
