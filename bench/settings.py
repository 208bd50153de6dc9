"""Benchmark settings: the product's settings with a URLconf that adds one bare view (the ceiling)."""

from cqdt.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
