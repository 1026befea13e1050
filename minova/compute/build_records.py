"""The build's action event, written with the build's state saves.

``compute__do_build_and_run_instance`` starts in the save that takes the
build and finishes in the save to ACTIVE (with the build's spans and the
action's finish, instance_state.finish): no conductor call of its own.
When the build ends another way (a failure, a reschedule, a delete), the
event is written as EventReporter writes it, a call for what is missing.
"""

import traceback

from minova.objects import instance_action
from minova.objects import instance_fault


class BuildEvent:
    def __init__(self, context, event_name, host, instance_uuid):
        self.context = context
        self.event_name = event_name
        self.host = host
        self.instance_uuid = instance_uuid
        self.started = False
        self.finished = False
        self._start = instance_action.start_record(event_name, host)

    def start_records(self):
        """To go with the save that takes the build (then ``started``)."""
        return {'start_events': [self._start],
                'request_id': self.context.request_id}

    def finish_records(self):
        """To go with the save to ACTIVE (then ``finished``)."""
        return {'finish_events': [
            instance_action.finish_record(self.event_name)]}

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        if self.finished:
            return False
        event = instance_action.InstanceActionEvent
        if not self.started:
            event.event_start(self.context, self.instance_uuid,
                              self.event_name, host=self.host)
        tb = (instance_fault.with_explanation(exc_val, ''.join(
            traceback.format_exception(exc_type, exc_val, exc_tb)))
              if exc_val else None)
        event.event_finish_with_failure(self.context, self.instance_uuid,
                                        self.event_name, exc_val=exc_val,
                                        exc_tb=tb)
        return False
