"""minova-manage network create | list | delete."""

from oslo_utils import uuidutils

from minova import objects
from minova.objects import base as objects_base
from tests.unit.cmd.test_manage import manage  # noqa: F401 (fixture)


def _create(run, capsys, *extra):
    return run(capsys, 'network', 'create', '--label', 'private',
               '--fixed-range-v4', '10.0.0.0/24', '--bridge', 'br100',
               *extra)


def test_create_list_delete(manage, capsys, db, admin_ctx):  # noqa: F811
    code, out, _err = _create(manage, capsys, '--dns', '192.0.2.53',
                              '--gateway', '10.0.0.254')
    assert code == 0, _err
    [network] = objects.NetworkList.get_all(admin_ctx)
    assert out == ('Created network private (%s): 10.0.0.0/24 on bridge '
                   'br100, gateway 10.0.0.254\n' % network.uuid)
    assert (network.dns1, network.gateway) == ('192.0.2.53', '10.0.0.254')
    code, out, _err = manage(capsys, 'network', 'list')
    header, row = out.splitlines()
    assert header.split() == ['UUID', 'Label', 'CIDR', 'Gateway', 'Bridge',
                              'DNS']
    assert row.split() == [network.uuid, 'private', '10.0.0.0/24',
                           '10.0.0.254', 'br100', '192.0.2.53']
    code, out, _err = manage(capsys, 'network', 'delete', 'private')
    assert code == 0
    assert out == 'Deleted network private (%s)\n' % network.uuid
    assert objects.NetworkList.get_all(admin_ctx).objects == []


def test_create_refusals(manage, capsys, db):  # noqa: F811
    assert _create(manage, capsys)[0] == 0
    cases = [
        (('--fixed-range-v4', '10.0.0.128/25', '--bridge', 'br101'),
         'Requested cidr (10.0.0.128/25) conflicts with existing cidr '
         '(10.0.0.0/24)'),
        (('--fixed-range-v4', '10.1.0.0/24', '--bridge', 'br100'),
         'A network with bridge br100 already exists.'),
        (('--fixed-range-v4', '10.1.0.0/24', '--bridge', 'br 0'),
         "Invalid network: bridge 'br 0' is not a valid interface name"),
        (('--fixed-range-v4', '10.1.0.0/8', '--bridge', 'br102'),
         'Invalid network: the prefix length must be between /16 and /30'),
    ]
    for args, message in cases:
        code, _out, err = manage(capsys, 'network', 'create', '--label',
                                 'other', *args)
        assert code == 1 and err.startswith(message), err


def test_delete_refuses_while_addresses_are_allocated(
        manage, capsys, db, admin_ctx, monkeypatch):  # noqa: F811
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api', None)
    _create(manage, capsys)
    [network] = objects.NetworkList.get_all(admin_ctx)
    objects.FixedIP(admin_ctx, network_id=network.id, address='10.0.0.2',
                    allocated=True,
                    instance_uuid=uuidutils.generate_uuid()).create()
    code, _out, err = manage(capsys, 'network', 'delete', network.uuid)
    assert code == 1
    assert err == ('Network %s is still in use: 1 fixed IP(s) allocated.\n'
                   % network.uuid)
    code, _out, err = manage(capsys, 'network', 'delete', 'nope')
    assert code == 1 and err == 'Network nope could not be found.\n'
