"""The audit repository: finding it, its battery catalogue, loading one audit."""
