"""Declarative API stories, one YAML file per story in ``stories/``
(placement's gabbi files, minus gabbi): each step is a request and
what its answer must hold. A step names ``method`` and ``url``, and
may give ``token`` (default alice:proj1; null: none), ``data`` (the
JSON body), ``status`` (default 200) and ``response`` (dotted paths
into the JSON body → the value expected there; a path may start with
``$name`` to read a value an earlier step ``saved``: {name: path})."""

import glob
import os

import pytest
import yaml

STORIES = sorted(glob.glob(os.path.join(os.path.dirname(__file__),
                                        'stories', '*.yaml')))


def lookup(body, path):
    for part in path.split('.'):
        body = body[int(part)] if isinstance(body, list) else body[part]
    return body


def fill(value, saved):
    """``value`` with every ``$name`` string replaced from ``saved``."""
    if isinstance(value, str):
        for name, got in saved.items():
            value = value.replace('$' + name, str(got))
        return value
    if isinstance(value, dict):
        return {k: fill(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, saved) for v in value]
    return value


def run_step(api, step, saved):
    kwargs = {'token': step.get('token', 'alice:proj1')}
    if 'data' in step:
        kwargs['body'] = fill(step['data'], saved)
    resp = api.request(step['method'], fill(step['url'], saved), **kwargs)
    assert resp.status_int == step.get('status', 200), \
        '%s: %s' % (step['name'], resp.text)
    for path, expected in (step.get('response') or {}).items():
        got = lookup(resp.json, path)
        assert got == fill(expected, saved), \
            '%s: %s is %r' % (step['name'], path, got)
    for name, path in (step.get('save') or {}).items():
        saved[name] = lookup(resp.json, path)


def test_there_are_stories():
    assert len(STORIES) >= 2


@pytest.mark.parametrize('path', STORIES, ids=os.path.basename)
def test_story(api, refreshes, path):
    with open(path) as f:
        story = yaml.safe_load(f)
    assert story['steps'], path
    saved = {}
    for step in story['steps']:
        run_step(api, step, saved)
