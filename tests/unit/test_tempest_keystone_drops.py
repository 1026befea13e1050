"""tests/functional/tempest_lib.keystone_drops: only a failure report in
which every failure is keystone dropping a token request is rerun."""

from tests.functional import tempest_lib

_DROP = '''
setUpClass (tempest.api.compute.admin.test_x.XTestJSON)
-------------------------------------------------------

Captured traceback:
    File "tempest/lib/services/identity/v3/token_client.py", line 143
    http.client.RemoteDisconnected: Remote end closed connection
'''
_REAL = '''
tempest.api.compute.servers.test_y.YTestJSON.test_rebuild[id-1]
---------------------------------------------------------------

Captured traceback:
    tempest.lib.exceptions.InvalidHTTPResponseBody: HTTP response body
'''


def _report(*blocks):
    return ('Ran: 9 tests\n==============================\nFailed %d '
            'tests - output below:\n==============================\n%s'
            % (len(blocks), ''.join(blocks)))


def test_a_keystone_drop_alone_is_rerun():
    assert tempest_lib.keystone_drops(_report(_DROP)) == [
        'tempest.api.compute.admin.test_x.XTestJSON']


def test_any_other_failure_is_not_rerun():
    assert tempest_lib.keystone_drops(_report(_DROP, _REAL)) is None
    assert tempest_lib.keystone_drops(_report(_REAL)) is None
    assert tempest_lib.keystone_drops('Ran: 3 tests, all passed') is None
