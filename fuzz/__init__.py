"""chunkwise's fuzz campaigns: ``python -m fuzz --minutes 10`` (see docs/fuzzing.md)."""
