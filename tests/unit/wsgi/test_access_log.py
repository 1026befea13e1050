"""minova.wsgi.access_log: one INFO line per request in both APIs."""

import logging
import re


def _lines(caplog):
    return [r.getMessage() for r in caplog.records
            if r.name == 'minova.wsgi.access_log']


def test_compute_api_logs_each_request(api, caplog):
    caplog.set_level(logging.INFO)
    assert api.get('/v2.1/flavors?limit=1', version='2.9').status_int == 200
    assert api.get('/v2.1/os-nothing').status_int == 404
    ok, missing = _lines(caplog)
    assert re.match(r'\S+ "GET /v2.1/flavors\?limit=1" status: 200 len: \d+ '
                    r'microversion: 2.9 time: \d+\.\d{6} '
                    r'request_id: req-[0-9a-f-]{36}$', ok), ok
    assert '"GET /v2.1/os-nothing" status: 404' in missing


def test_image_api_logs_each_request(image_api, caplog):
    caplog.set_level(logging.INFO)
    assert image_api.get('/v2/images').status_int == 200
    line, = _lines(caplog)
    assert '"GET /v2/images" status: 200' in line
    assert 'microversion: - ' in line and 'request_id: req-' in line
