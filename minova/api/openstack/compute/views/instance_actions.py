"""The os-instance-actions bodies (before 2.51/2.58's additions).

An event that is a timeline step (minova/timeline/spans.py) also has
``minova:span``: its process, host, start to the microsecond, duration
in seconds and details. Other events keep Nova's shape.
"""

import json

from minova.api.openstack.compute.views import times

SPAN_KEY = 'minova:span'


def action(act):
    return {'action': act.action,
            'instance_uuid': act.instance_uuid,
            'message': act.message,
            'project_id': act.project_id,
            'request_id': act.request_id,
            'start_time': times.strtime(act.start_time),
            'user_id': act.user_id}


def event(evt):
    body = {'event': evt.event,
            'start_time': times.strtime(evt.start_time),
            'finish_time': times.strtime(evt.finish_time),
            'result': evt.result,
            'traceback': evt.traceback}
    if evt.obj_attr_is_set('span') and evt.span:
        body[SPAN_KEY] = dict(json.loads(evt.span), host=evt.host)
    return body
