""""No valid host", explained, on the real processes: a server no host
can take goes to ERROR; an admin's fault details and the scheduling
event of os-instance-actions name the filter that removed each host and
why; a project member sees Nova's plain message only.

host1 is too small in RAM; host2 has RAM to spare but too few CPUs, so
each host is removed by a different filter, with its own figures.
"""

import pytest

PLAIN = 'No valid host was found. There are not enough hosts available.'
RAM_REASON = 'RamFilter: host1 has 4096 MB free, the flavor needs 16384 MB'
CORE_REASON = ('CoreFilter: host2 has 2 CPUs (2 usable vCPUs free), the '
               'flavor needs 4 vCPUs')
SCHEDULE_EVENT = 'conductor_schedule_and_build_instances'


@pytest.fixture(scope='module')
def cloud(make_cloud):
    # No overcommit and nothing reserved: the figures are the fake
    # hypervisor's own.
    c = make_cloud(
        conf={'DEFAULT': {'ram_allocation_ratio': '1.0',
                          'cpu_allocation_ratio': '1.0',
                          'reserved_host_memory_mb': '0'}},
        computes={'host1': {'fake_driver': {'memory_mb': 4096,
                                            'vcpus': 8}},
                  'host2': {'fake_driver': {'memory_mb': 65536,
                                            'vcpus': 2}}})
    c.create_flavor('big', 'm1.big', ram=16384, disk=1, vcpus=4)
    c.image = c.create_image()
    return c


@pytest.fixture(scope='module')
def failed(cloud):
    """The server that could not be scheduled, in ERROR (as its owner
    sees it), and the request id of its create."""
    resp = cloud.api.post('/servers', {'server': {
        'name': 'nowhere', 'imageRef': cloud.image['id'],
        'flavorRef': 'big'}})
    assert resp.status_code == 202, resp.text
    server = cloud.wait_for_server(resp.json()['server']['id'], ('ERROR',))
    return server, resp.headers['x-openstack-request-id']


def test_server_goes_to_error_with_the_plain_message(failed):
    server, _request_id = failed
    assert server['status'] == 'ERROR'
    assert server['OS-EXT-STS:vm_state'] == 'error'
    assert server['fault']['code'] == 500
    assert server['fault']['message'] == PLAIN
    # The owner (not an admin) gets no details: no filter, no host.
    assert 'details' not in server['fault']
    assert 'RamFilter' not in str(server)


def test_admin_fault_details_name_each_filter_and_host(cloud, failed):
    server, _request_id = failed
    resp = cloud.admin.get('/servers/%s' % server['id'])
    assert resp.status_code == 200, resp.text
    fault = resp.json()['server']['fault']
    assert fault['message'] == PLAIN
    details = fault['details']
    assert details.startswith('Scheduler filter results:\n')
    lines = details.split('\n\n', 1)[0].splitlines()[1:]
    assert lines == [RAM_REASON, CORE_REASON]


def test_scheduling_event_carries_the_explanation(cloud, failed):
    server, request_id = failed
    path = '/servers/%s/os-instance-actions' % server['id']
    actions = cloud.admin.get(path).json()['instanceActions']
    assert [a['action'] for a in actions] == ['create']
    assert actions[0]['request_id'] == request_id
    resp = cloud.admin.get('%s/%s' % (path, request_id))
    assert resp.status_code == 200, resp.text
    events = {e['event']: e for e in resp.json()['instanceAction']['events']}
    event = events[SCHEDULE_EVENT]
    assert event['result'] == 'Error'
    assert RAM_REASON in event['traceback']
    assert CORE_REASON in event['traceback']
    # A project member may read the action, not its events' tracebacks.
    member = cloud.api.get('%s/%s' % (path, request_id))
    assert member.status_code == 200, member.text
    assert 'events' not in member.json()['instanceAction']


def test_a_host_with_room_is_not_in_the_explanation(cloud):
    """A flavor host2 can take builds there; nothing is explained."""
    cloud.create_flavor('slim', 'm1.slim', ram=8192, disk=1, vcpus=1)
    server = cloud.boot(name='fits', imageRef=cloud.image['id'],
                        flavorRef='slim')
    active = cloud.wait_for_server(server['server']['id'])
    shown = cloud.admin.get('/servers/%s' % active['id']).json()['server']
    assert shown['OS-EXT-SRV-ATTR:host'] == 'host2'
    assert 'fault' not in shown
