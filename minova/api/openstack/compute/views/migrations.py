"""The os-migrations and /servers/{id}/migrations bodies (to 2.23)."""

from minova.api.openstack.compute.views import times

_FIELDS = ('id', 'source_node', 'dest_node', 'source_compute',
           'dest_compute', 'dest_host', 'status', 'instance_uuid',
           'old_instance_type_id', 'new_instance_type_id')


def migration(req, mig):
    """One migration of GET /os-migrations; ``migration_type`` (and the
    ``links`` of an in-progress live migration, which minova has not)
    from 2.23."""
    body = {name: mig[name] for name in _FIELDS}
    body['created_at'] = times.strtime(mig.created_at)
    body['updated_at'] = times.strtime(mig.updated_at)
    if req.ver('2.23'):
        body['migration_type'] = mig.migration_type
    return body


def server_migration(req, mig):
    """One migration of GET /servers/{id}/migrations (2.23)."""
    body = {name: mig[name] for name in _FIELDS
            if name not in ('instance_uuid', 'old_instance_type_id',
                            'new_instance_type_id')}
    body['server_uuid'] = mig.instance_uuid
    body['created_at'] = times.strtime(mig.created_at)
    body['updated_at'] = times.strtime(mig.updated_at)
    # The memory and disk progress of a live migration: not for cold
    # moves, as in Nova.
    for name in ('memory_total_bytes', 'memory_processed_bytes',
                 'memory_remaining_bytes', 'disk_total_bytes',
                 'disk_processed_bytes', 'disk_remaining_bytes'):
        body[name] = None
    return body
