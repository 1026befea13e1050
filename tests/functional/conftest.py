"""Functional tests run a real cloud: see cloud.py."""

import pytest

from tests.functional import cloud as cloud_lib


@pytest.fixture(scope='module')
def make_cloud():
    """Start clouds that live as long as the test module."""
    clouds = []

    def _make(**kwargs):
        c = cloud_lib.Cloud(**kwargs)
        clouds.append(c)
        c.__enter__()
        return c
    yield _make
    for c in clouds:
        c.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def dump_logs_on_failure(request):
    yield
    rep = getattr(request.node, 'rep_call', None)
    if rep is not None and rep.failed:
        for name in request.fixturenames:
            value = request.getfixturevalue(name) if name in (
                'cloud',) else None
            if isinstance(value, cloud_lib.Cloud):
                for proc, log in value.logs().items():
                    print('==== %s (last 3000 chars)\n%s' % (proc,
                                                             log[-3000:]))


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, 'rep_' + rep.when, rep)
