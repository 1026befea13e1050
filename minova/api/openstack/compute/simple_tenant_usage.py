"""/os-simple-tenant-usage: server hours and the vCPU, RAM and disk hours
they took between ``start`` and ``end`` (default: now), per project.

The index sums every project (admin; ``detailed=1`` lists the servers);
/os-simple-tenant-usage/{project_id} shows one project with its
servers. Deleted servers count for the time they lived.
"""

import datetime

from oslo_utils import strutils
from oslo_utils import timeutils

from minova import exception
from minova import objects

_RULE = 'os_compute_api:os-simple-tenant-usage:'
_FORMATS = ('%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f',
            '%Y-%m-%d %H:%M:%S.%f')


def _parse(value):
    """A naive UTC datetime; now when no value is given."""
    if not value:
        return timeutils.utcnow()
    for fmt in _FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt)
        except ValueError:
            pass
    raise exception.Invalid('Invalid datetime string: Datetime is in '
                            'invalid format')


def _period(req):
    start, end = _parse(req.GET.get('start')), _parse(req.GET.get('end'))
    if not start < end:
        raise exception.Invalid('Invalid start time. The start time cannot '
                                'occur after the end time.')
    return start, min(end, timeutils.utcnow())


def _iso(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f') if value else None


def _server_usage(instance, start, end):
    launched = timeutils.normalize_time(instance.launched_at)
    ended = (timeutils.normalize_time(instance.terminated_at)
             if instance.terminated_at else None)
    charged = max(min(end, ended or end) - max(launched, start),
                  datetime.timedelta(0))
    flavor = instance.flavor if instance.obj_attr_is_set('flavor') else None
    uptime = (ended or timeutils.utcnow()) - launched
    return {
        'instance_id': instance.uuid, 'name': instance.display_name,
        'tenant_id': instance.project_id,
        'hours': charged.total_seconds() / 3600.0,
        'flavor': flavor.name if flavor else '',
        'memory_mb': instance.memory_mb or 0, 'vcpus': instance.vcpus or 0,
        'local_gb': (instance.root_gb or 0) + (instance.ephemeral_gb or 0),
        'started_at': _iso(launched), 'ended_at': _iso(ended),
        'state': 'terminated' if ended else instance.vm_state,
        'uptime': int(uptime.total_seconds()),
    }


def _usages(context, start, end, detailed, project_id=None):
    """One summary per project that had servers in the period."""
    summaries = {}
    for instance in objects.InstanceList.get_active_by_window(
            context, start, end, project_id):
        server = _server_usage(instance, start, end)
        summary = summaries.setdefault(server['tenant_id'], dict(
            tenant_id=server['tenant_id'], total_local_gb_usage=0,
            total_vcpus_usage=0, total_memory_mb_usage=0, total_hours=0,
            start=_iso(start), stop=_iso(end),
            **({'server_usages': []} if detailed else {})))
        hours = server['hours']
        summary['total_local_gb_usage'] += server['local_gb'] * hours
        summary['total_vcpus_usage'] += server['vcpus'] * hours
        summary['total_memory_mb_usage'] += server['memory_mb'] * hours
        summary['total_hours'] += hours
        if detailed:
            summary['server_usages'].append(server)
    return list(summaries.values())


class SimpleTenantUsageController:

    def index(self, req):
        req.context.can(_RULE + 'list', {})
        start, end = _period(req)
        # Nova's '1', and the 'True' openstacksdk sends.
        detailed = strutils.bool_from_string(req.GET.get('detailed'))
        return {'tenant_usages': _usages(req.context, start, end,
                                         detailed)}

    def show(self, req, id):
        req.context.can(_RULE + 'show', {'project_id': id})
        start, end = _period(req)
        usages = _usages(req.context, start, end, True, project_id=id)
        return {'tenant_usage': usages[0] if usages else {}}
