"""The base of every RPC manager: oslo.service's periodic tasks, each run
every N seconds where N is a configuration option read when the manager
is made (``@periodic(interval_opt)``), as Nova's managers do.

    class ComputeManager(manager.Manager):
        @manager.periodic('update_resources_interval')
        def update_available_resource(self, context): ...

The service's timer calls ``periodic_tasks``; a task that raises is
logged and runs again at its next turn.
"""

from oslo_service import periodic_task

import minova.conf

CONF = minova.conf.CONF


def periodic(interval_opt):
    """Make the method a periodic task run every ``interval_opt`` seconds:
    an option of [DEFAULT] (``'name'``) or of a group (``'group.name'``).
    An interval of 0 or less turns the task off."""
    def decorator(func):
        func = periodic_task.periodic_task(spacing=1)(func)
        func._minova_interval_opt = interval_opt
        return func
    return decorator


def _interval(opt_path):
    group, _dot, name = opt_path.rpartition('.')
    return getattr(CONF[group], name) if group else getattr(CONF, name)


class Manager(periodic_task.PeriodicTasks):
    def __init__(self):
        super().__init__(CONF)
        self._configure_periodic_tasks()

    def _configure_periodic_tasks(self):
        """Read each task's interval now (the options are parsed) and keep
        only the enabled tasks, on this instance."""
        spacing = dict(self._periodic_spacing)
        enabled = []
        for name, task in self.__class__._periodic_tasks:
            opt = getattr(task, '_minova_interval_opt', None)
            if opt is not None:
                spacing[name] = _interval(opt)
            if spacing[name] > 0:
                enabled.append((name, task))
        self._periodic_spacing = spacing
        self._periodic_tasks = enabled

    def periodic_tasks(self, context, raise_on_error=False):
        """Run the tasks that are due; seconds until the next one is."""
        return self.run_periodic_tasks(context,
                                       raise_on_error=raise_on_error)

    def reset(self):
        """SIGHUP: the configuration was re-read (mutable options only)."""
