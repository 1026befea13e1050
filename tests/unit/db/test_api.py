"""minova.db.api: the parts objects rely on that their tests do not show
(conditional updates, generic row helpers, heartbeats, quotas)."""

import pytest

from minova.db import api as db
from minova import exception

pytestmark = pytest.mark.usefixtures('db')


def _instance(**values):
    values.setdefault('vm_state', 'building')
    values.setdefault('task_state', 'scheduling')
    return db.instance_create(values)


def test_instance_create_fills_uuid_and_defaults():
    row = _instance(display_name='x')
    assert len(row.uuid) == 36 and row.deleted == 0
    assert row.created_at is not None and row.updated_at is None


def test_conditional_update_is_one_statement():
    row = _instance()
    updated = db.instance_update(row.uuid, {'task_state': 'networking'},
                                 expected={'task_state': ['scheduling']})
    assert updated.task_state == 'networking' and updated.updated_at
    # The second writer with the same expectation loses.
    with pytest.raises(exception.UnexpectedTaskState) as error:
        db.instance_update(row.uuid, {'task_state': 'spawning'},
                           expected={'task_state': ['scheduling']})
    assert error.value.kwargs == {'expected': ['scheduling'],
                                  'actual': 'networking', 'code': 409}


def test_conditional_update_matches_none():
    row = _instance(task_state=None)
    db.instance_update(row.uuid, {'vm_state': 'active'},
                       expected={'task_state': [None]})
    with pytest.raises(exception.UnexpectedTaskState):
        db.instance_update(row.uuid, {'vm_state': 'error'},
                           expected={'task_state': ['spawning']})


def test_conditional_update_other_columns():
    row = _instance()
    with pytest.raises(exception.UnexpectedVMStateError) as error:
        db.instance_update(row.uuid, {'task_state': None},
                           expected={'vm_state': ['active']})
    assert 'actual state is building' in error.value.format_message()
    with pytest.raises(exception.Conflict) as error:
        db.instance_update(row.uuid, {'task_state': None},
                           expected={'host': ['h9']})
    assert 'host is None' in error.value.format_message()


def test_update_of_missing_or_deleted():
    with pytest.raises(exception.InstanceNotFound):
        db.instance_update('nope', {'vm_state': 'active'})
    row = _instance()
    db.instance_destroy(row.uuid)
    with pytest.raises(exception.InstanceNotFound):
        db.instance_update(row.uuid, {'vm_state': 'active'},
                           expected={'task_state': [None]})


def test_read_deleted_modes():
    live = _instance(display_name='live')
    gone = _instance(display_name='gone')
    db.instance_destroy(gone.uuid)
    assert db.instance_get_by_uuid(live.uuid).display_name == 'live'
    with pytest.raises(exception.InstanceNotFound):
        db.instance_get_by_uuid(gone.uuid)
    assert db.instance_get_by_uuid(gone.uuid,
                                   read_deleted='yes').deleted == gone.id
    with pytest.raises(exception.InstanceNotFound):
        db.instance_get_by_uuid(live.uuid, read_deleted='only')


def test_count_resources():
    _instance(project_id='p', user_id='u1', vcpus=2, memory_mb=100)
    _instance(project_id='p', user_id='u2', vcpus=3, memory_mb=200)
    assert db.instance_count_resources('p') == {'instances': 2, 'cores': 5,
                                                'ram': 300}
    assert db.instance_count_resources('p', user_id='u2') == {
        'instances': 1, 'cores': 3, 'ram': 200}


def test_generic_row_helpers():
    exists = exception.KeyPairExists(key_name='k')
    row = db.row_create('KeyPair', {'name': 'k', 'user_id': 'u'}, exists)
    with pytest.raises(exception.KeyPairExists):
        db.row_create('KeyPair', {'name': 'k', 'user_id': 'u'}, exists)
    db.row_update('KeyPair', row.id, {'fingerprint': 'fp'})
    assert db.row_get('KeyPair', exception.NotFound(),
                      id=row.id).fingerprint == 'fp'
    assert db.rows_count('KeyPair', user_id='u') == 1
    assert [r.name for r in db.rows_get('KeyPair', name=['k', 'x'])] == \
        ['k']
    db.row_delete('KeyPair', row.id)
    with pytest.raises(exception.KeypairNotFound):
        db.row_get('KeyPair', exception.KeypairNotFound(name='k',
                                                        user_id='u'),
                   id=row.id)
    with pytest.raises(exception.NotFound):
        db.row_update('KeyPair', row.id, {'name': 'z'})
    with pytest.raises(exception.NotFound):
        db.row_delete('KeyPair', row.id)


def test_soft_deleted_rows_are_hidden():
    row = db.row_create('Service', {'uuid': 'u', 'host': 'h',
                                    'binary': 'b'})
    db.row_delete('Service', row.id, soft=True)
    assert db.rows_get('Service') == []
    assert [r.deleted for r in db.rows_get('Service',
                                           read_deleted='yes')] == [row.id]
    assert db.rows_count('Service') == 0


def test_service_heartbeat():
    row = db.row_create('Service', {'uuid': 'u', 'host': 'h',
                                    'binary': 'b'})
    beat = db.service_heartbeat(row.id)
    assert beat.report_count == 1 and beat.last_seen_up is not None
    assert db.service_heartbeat(row.id).report_count == 2


def test_quota_overrides():
    db.row_create('Quota', {'project_id': 'p', 'resource': 'cores',
                            'hard_limit': 4})
    db.row_create('Quota', {'project_id': 'q', 'resource': 'cores',
                            'hard_limit': 8})
    assert db.quota_get_all_by_project('p') == {'cores': 4}
    assert db.quota_get_all_by_project('none') == {}
