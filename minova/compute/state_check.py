"""Nova's ``check_instance_state``: may this action run in this state?

    @check_instance_state(vm_state=[vm_states.ACTIVE])
    def snapshot(self, context, instance, ...):

raises InstanceInvalidState (409, "Cannot 'snapshot' instance <uuid>
while it is in vm_state stopped") when the instance's vm_state or
task_state is not one of those given (None: any), or when it never
launched and ``must_have_launched``.
"""

import functools

from minova import exception


def check_instance_state(vm_state=None, task_state=(None,),
                         must_have_launched=True):
    def outer(func):
        @functools.wraps(func)
        def inner(self, context, instance, *args, **kwargs):
            checks = (('vm_state', vm_state), ('task_state', task_state))
            for attr, allowed in checks:
                if allowed is not None and instance[attr] not in allowed:
                    raise exception.InstanceInvalidState(
                        action=func.__name__, instance_uuid=instance.uuid,
                        attr=attr, state=instance[attr])
            if must_have_launched and not instance.launched_at:
                raise exception.InstanceInvalidState(
                    action=func.__name__, instance_uuid=instance.uuid,
                    attr='launched_at', state=None)
            return func(self, context, instance, *args, **kwargs)
        return inner
    return outer
