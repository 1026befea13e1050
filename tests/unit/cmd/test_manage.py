"""minova-manage through its main() with a command line."""

import sys

import pytest
import sqlalchemy as sa

from minova import concurrency
from minova import config
from minova.db import session as db_session
from minova import objects


@pytest.fixture
def manage(conf, monkeypatch):
    """main(argv...) -> (exit code, stdout, stderr).

    The command parses the real command line into the global CONF; the
    test process itself stays unpatched by eventlet, keeps its logging and
    oslo.messaging's option defaults (which other tests register too).
    """
    monkeypatch.setattr(concurrency, '_patched', True)
    monkeypatch.setattr(config.logging, 'setup', lambda *args: None)
    monkeypatch.setattr(config.rpc, 'set_defaults', lambda **kwargs: None)
    from minova.cmd import manage as manage_cmd

    def run(capsys, *argv):
        monkeypatch.setattr(sys, 'argv', ['minova-manage'] + list(argv))
        conf.conf.clear()
        try:
            code = manage_cmd.main()
        finally:
            conf.conf.clear()
            conf.conf.unregister_opt(manage_cmd.category_opt)
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def empty_db(conf, tmp_path):
    db_session.dispose()
    conf.config(connection='sqlite:///%s' % (tmp_path / 'm.sqlite'),
                group='database')
    yield
    db_session.dispose()


def test_db_sync_and_version(manage, capsys, empty_db):
    code, out, _err = manage(capsys, 'db', 'sync')
    assert code == 0
    assert out.startswith('Database synced to revision ')
    tables = sa.inspect(db_session.get_engine()).get_table_names()
    assert 'instances' in tables and 'flavors' in tables
    code, out, _err = manage(capsys, 'db', 'version')
    assert code == 0 and out.strip() == out.split()[-1]
    assert out.strip()


def test_flavor_create_list_delete(manage, capsys, db, admin_ctx):
    code, out, _err = manage(capsys, 'flavor', 'create', 'm1.small',
                             '--id', '2', '--ram', '2048', '--disk', '20',
                             '--vcpus', '1')
    assert code == 0 and out == 'Created flavor m1.small (id 2)\n'
    flavor = objects.Flavor.get_by_flavor_id(admin_ctx, '2')
    assert (flavor.memory_mb, flavor.root_gb, flavor.vcpus,
            flavor.is_public) == (2048, 20, 1, True)

    code, out, _err = manage(capsys, 'flavor', 'list')
    header, row = out.splitlines()
    assert header.split() == ['ID', 'Name', 'RAM', 'Disk', 'VCPUs']
    assert row.split() == ['2', 'm1.small', '2048', '20', '1']

    code, out, _err = manage(capsys, 'flavor', 'delete', '2')
    assert code == 0 and out == 'Deleted flavor 2\n'
    assert objects.FlavorList.get_all(admin_ctx).objects == []


def test_flavor_create_twice(manage, capsys, db):
    args = ('flavor', 'create', 'tiny', '--id', '1', '--ram', '512')
    assert manage(capsys, *args)[0] == 0
    code, _out, err = manage(capsys, *args)
    assert code == 1
    assert err == 'Flavor with ID 1 already exists.\n'
    code, out, _err = manage(capsys, *args, '--if-missing')
    assert code == 0 and 'already exists' in out


def test_delete_unknown_flavor(manage, capsys, db):
    code, _out, err = manage(capsys, 'flavor', 'delete', '9')
    assert code == 1 and err == 'Flavor 9 could not be found.\n'


def test_service_list(manage, capsys, db, admin_ctx):
    objects.Service(admin_ctx, host='h1', binary='minova-compute',
                    topic='compute').create()
    code, out, _err = manage(capsys, 'service', 'list')
    assert code == 0
    row = out.splitlines()[1].split()
    assert row[:4] == ['minova-compute', 'h1', 'enabled', 'up']


def test_category_without_action_prints_usage(manage, capsys, db):
    code, out, _err = manage(capsys, 'db')
    assert code == 2 and 'minova-manage db sync' in out


def test_no_category_is_a_usage_error(manage, capsys, db):
    with pytest.raises(SystemExit) as exit_:
        manage(capsys)
    assert exit_.value.code == 2
    assert 'usage:' in capsys.readouterr().err


def test_audit_of_a_clean_cloud(manage, capsys, db, monkeypatch, conf,
                                tmp_path):
    from minova.network import rpcapi as network_rpcapi
    from minova import rpc
    from tests.unit.image import server
    monkeypatch.setattr(rpc, 'init', lambda conf: None)
    monkeypatch.setattr(network_rpcapi.NetworkAPI, 'audit_dhcp',
                        lambda self, context, fix=False: [])
    with server.image_service(conf, tmp_path):
        code, out, _err = manage(capsys, 'audit')
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ['Kind', 'Where', 'What']
    assert out.strip().endswith('0 leftover(s) found, 0 fixed')
