"""Repeatable load benchmarks against `cqdt serve` on PostgreSQL (see docs/performance.md)."""
