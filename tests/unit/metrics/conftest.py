"""Metrics on, with a fresh registry per test; ``samples`` reads them
back through the Prometheus text parser (what a scraper sees)."""

import pytest

from minova.metrics import registry


@pytest.fixture
def metrics(conf):
    conf.config(enabled=True, group='metrics')
    registry.reset()
    yield registry.get()
    registry.reset()


def samples(name=None):
    """{(sample name, ((label, value), ...)): value} of the exposition."""
    from prometheus_client import parser
    body, _type = registry.exposition()
    found = {}
    for family in parser.text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if name is None or sample.name == name:
                found[(sample.name, tuple(sorted(sample.labels.items())))] \
                    = sample.value
    return found


def value(name, **labels):
    return samples(name).get((name, tuple(sorted(labels.items()))), 0)
