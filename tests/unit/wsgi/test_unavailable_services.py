"""A service that is down or does not answer: a 503 that says which one,
never the generic "Unexpected API Error" or an RPC message id (issue 14)."""

import socket
import sqlite3
from unittest import mock

from oslo_db import exception as db_exc
import oslo_messaging as messaging
import pytest
import webob

from minova import exception
from minova import rpc
from tests.unit.api import fakes


def _closed_port():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_dead_image_service_is_a_clear_503(api, conf):
    conf.config(api_servers=['http://127.0.0.1:%d' % _closed_port()],
                num_retries=0, timeout=2, group='glance')
    for path in ('/v2.1/images', '/v2.1/images/detail'):
        resp = api.get(path)
        assert resp.status_int == 503, resp.text
        assert list(resp.json) == ['serviceUnavailable']
        fault = resp.json['serviceUnavailable']
        assert fault['code'] == 503
        assert fault['message'] == ('The image service is unavailable. '
                                    'Please try again later.')
        # The image service's address stays in the log.
        assert '127.0.0.1' not in resp.text


def test_dead_image_service_refuses_a_create_without_a_row(api, conf):
    conf.config(api_servers=['http://127.0.0.1:%d' % _closed_port()],
                num_retries=0, timeout=2, group='glance')
    fakes.flavor()
    resp = api.post('/v2.1/servers', {'server': {
        'name': 'vm', 'imageRef': '155d900f-4e14-4e4c-a73d-069cbf4541e6',
        'flavorRef': '1'}})
    assert resp.status_int == 503, resp.text
    assert 'image service is unavailable' in \
        resp.json['serviceUnavailable']['message']
    assert api.get('/v2.1/servers', token=fakes.ADMIN).json['servers'] == []


def _timing_out_client(topic='network'):
    client = rpc.get_client(messaging.Target(topic=topic, version='1.0'))
    inner = mock.Mock(target=messaging.Target(topic=topic), timeout=None)
    inner.call.side_effect = messaging.MessagingTimeout(
        'Timed out waiting for a reply to message ID 0123abcd')
    inner.prepare.return_value = inner
    client._client = inner
    return client


def test_rpc_timeout_names_the_service(conf):
    conf.config(rpc_response_timeout=17)
    client = _timing_out_client('network')
    with pytest.raises(exception.ServiceTimeout) as error:
        client.prepare(version='1.0').call({}, 'allocate_for_instance')
    message = error.value.format_message()
    assert message == ('The network service did not answer within 17 '
                       'seconds. Please try again later.')
    assert 'message ID' not in message
    # Code that waits for a service still sees a MessagingTimeout.
    assert isinstance(error.value, messaging.MessagingTimeout)
    assert error.value.code == 503


def test_rpc_timeout_reaches_the_user_as_a_503(api):
    from minova.api.openstack import faults
    wrapper = faults.FaultWrapper(None)
    resp = wrapper.from_exception(exception.ServiceTimeout(
        service='compute', method='get_console_output', timeout=60))
    assert resp.status_int == 503
    fault = resp.json['serviceUnavailable']
    assert fault == {'code': 503, 'message':
                     'The compute service did not answer within 60 '
                     'seconds. Please try again later.'}


def test_rpc_casts_and_other_attributes_pass_through(conf):
    client = rpc.get_client(messaging.Target(topic='compute',
                                             version='1.0'))
    assert client.target.topic == 'compute'
    assert client.can_send_version('1.0')
    assert client.prepare(server='h1').target.server == 'h1'


@pytest.mark.parametrize('error', [
    # SQLite's busy time-out ran out (oslo.db leaves it a plain DBError).
    db_exc.DBError(sqlite3.OperationalError('database is locked')),
    db_exc.DBConnectionError('(2013, Lost connection to MySQL server)'),
    db_exc.DBDeadlock('Deadlock found when trying to get lock'),
])
def test_a_database_that_cannot_serve_is_a_503(error):
    from minova.api.openstack import faults

    def app(environ, start_response):
        raise error

    resp = webob.Request.blank('/v2.1/servers').get_response(
        faults.FaultWrapper(app))
    assert resp.status_int == 503, resp.text
    assert resp.json == {'serviceUnavailable': {
        'code': 503, 'message': 'The database is busy or unavailable. '
                                'Please try again later.'}}


def test_other_database_errors_stay_500():
    from minova.api.openstack import faults

    def app(environ, start_response):
        raise db_exc.DBError(sqlite3.OperationalError('no such table: x'))

    resp = webob.Request.blank('/v2.1/servers').get_response(
        faults.FaultWrapper(app))
    assert resp.status_int == 500
    assert 'no such table' not in resp.text
