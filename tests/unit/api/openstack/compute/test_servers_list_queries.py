"""The SQL a server listing costs: a fixed number of statements per
page, whatever the number of servers on it (an N+1 query per server made
100 servers take 386-566 ms on MariaDB, issue 15)."""

import pytest
from sqlalchemy import event

from minova.db import session as db_session
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, USER
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.network import fakes as network_fakes


class StatementCounter:
    """Counts the statements the test database's engine executes."""

    def __init__(self):
        self.statements = []
        self.engine = db_session.get_engine()
        event.listen(self.engine, 'before_cursor_execute', self._record)

    def _record(self, conn, cursor, statement, *args):
        self.statements.append(statement)

    def close(self):
        event.remove(self.engine, 'before_cursor_execute', self._record)


@pytest.fixture
def counter(db):
    counter = StatementCounter()
    yield counter
    counter.close()


@pytest.fixture
def hosts(db):
    """host0 and host1 up, host2 down, host3 with no service row."""
    services = [fakes.service('host%d' % n) for n in range(3)]
    fakes.mark_down(services[2])


def _servers(flavor, count, first=0):
    """``count`` servers with everything a detail body shows: addresses,
    metadata, tags, a security group, a host (up, down or unknown);
    every third one in ERROR with a fault."""
    made = []
    for n in range(first, first + count):
        error = n % 3 == 0
        inst = sf.server(flavor, display_name='vm%d' % n,
                         vm_state='error' if error else 'active',
                         host='host%d' % (n % 4),     # host3 has no service
                         metadata={'n': str(n)}, tags=['t%d' % n])
        objects.InstanceInfoCache(
            fakes.admin_ctx(), instance_uuid=inst.uuid,
            network_info=[network_fakes.vif(
                '10.0.%d.%d' % (n // 200, n % 200 + 2),
                'fa:16:3e:00:%02x:%02x' % (n // 256, n % 256))]).save()
        if error:
            objects.InstanceFault(fakes.admin_ctx(), instance_uuid=inst.uuid,
                                  code=500, message='boom %d' % n,
                                  details='trace', host='ctl').create()
        made.append(inst)
    return made


def _list(api, counter, path, token, version):
    del counter.statements[:]
    resp = api.get(sf.SERVERS + path, token=token, version=version)
    assert resp.status_int == 200, resp.text
    return resp.json['servers'], len(counter.statements)


REQUESTS = [
    ('/detail', USER, None),
    ('/detail?all_tenants=1', ADMIN, '2.38'),    # + host_status, tags
    ('/detail?limit=1000', USER, '2.26'),
    ('', USER, None),
]


@pytest.mark.parametrize('path,token,version', REQUESTS)
def test_statements_do_not_grow_with_servers(api, flavor, hosts, counter,
                                             path, token, version):
    _servers(flavor, 3)
    few_servers, few = _list(api, counter, path, token, version)
    _servers(flavor, 27, first=3)
    many_servers, many = _list(api, counter, path, token, version)
    assert (len(few_servers), len(many_servers)) == (3, 30)
    assert many == few
    # The instances, their faults, info caches, security groups and the
    # compute services, in one transaction (SQLite's BEGIN IMMEDIATE).
    assert few <= 6


def test_batched_detail_shows_each_server_its_own_rows(api, flavor, hosts,
                                                       counter):
    made = {i.uuid: n for n, i in enumerate(_servers(flavor, 8))}
    servers, _count = _list(api, counter, '/detail?all_tenants=1', ADMIN,
                            '2.38')
    assert len(servers) == 8
    for server in servers:
        n = made[server['id']]
        assert server['name'] == 'vm%d' % n
        assert server['metadata'] == {'n': str(n)}
        assert server['tags'] == ['t%d' % n]
        assert server['security_groups'] == [{'name': 'default'}]
        assert server['addresses']['private'][0]['addr'] == \
            '10.0.0.%d' % (n + 2)
        assert server['host_status'] == \
            ['UP', 'UP', 'DOWN', 'UNKNOWN'][n % 4]
        if n % 3 == 0:
            assert server['fault']['message'] == 'boom %d' % n
        else:
            assert 'fault' not in server


def test_host_status_hidden_below_2_16_in_a_list(api, flavor, hosts):
    _servers(flavor, 2)
    servers = api.get(sf.SERVERS + '/detail?all_tenants=1', token=ADMIN,
                      version='2.15').json['servers']
    assert all('host_status' not in s for s in servers)
