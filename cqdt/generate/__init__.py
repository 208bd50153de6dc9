"""A synthetic province's worth of dossiers for benchmarks and demos (`cqdt generate`).

Not a Django app: it owns no table. It bulk-loads the one-stop tables with rows shaped exactly as the
services in `cqdt.dossiers.services` write them, on top of the demo province. Test and benchmark
databases only.
"""
