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


_IDENTITY_DROP = '''
tempest.api.compute.admin.test_quotas.QuotasAdminTestV236.test_get[id-2]
------------------------------------------------------------------------

Captured traceback:
    File "tempest/lib/services/identity/v3/users_client.py", line 31
    urllib3.exceptions.ProtocolError: ('Connection aborted.',
        RemoteDisconnected('Remote end closed connection'))
'''
_MINOVA_DROP = '''
tempest.api.compute.servers.test_z.ZTestJSON.test_list[id-3]
------------------------------------------------------------

Captured traceback:
    File "tempest/lib/services/compute/servers_client.py", line 31
    http.client.RemoteDisconnected: Remote end closed connection
'''


def test_an_identity_call_keystone_dropped_is_rerun_too():
    assert tempest_lib.keystone_drops(_report(_IDENTITY_DROP)) == [
        'tempest.api.compute.admin.test_quotas.QuotasAdminTestV236']


def test_minova_closing_a_connection_is_a_failure():
    assert tempest_lib.keystone_drops(_report(_MINOVA_DROP)) is None


def test_the_failure_report_leaves_out_uwsgi_access_lines():
    out = _report(_REAL) + (
        '[pid: 1|app: 0|req: 3/4] 127.0.0.1 () {32 vars in 406 bytes} '
        'POST /v3/auth/tokens => generated 2913 bytes in 49 msecs\n')
    report = tempest_lib.failure_report(out)
    assert 'InvalidHTTPResponseBody' in report
    assert '/v3/auth/tokens' not in report
