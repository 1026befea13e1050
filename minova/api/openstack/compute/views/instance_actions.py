"""The os-instance-actions bodies (before 2.51/2.58's additions)."""

from minova.api.openstack.compute.views import times


def action(act):
    return {'action': act.action,
            'instance_uuid': act.instance_uuid,
            'message': act.message,
            'project_id': act.project_id,
            'request_id': act.request_id,
            'start_time': times.strtime(act.start_time),
            'user_id': act.user_id}


def event(evt):
    return {'event': evt.event,
            'start_time': times.strtime(evt.start_time),
            'finish_time': times.strtime(evt.finish_time),
            'result': evt.result,
            'traceback': evt.traceback}
