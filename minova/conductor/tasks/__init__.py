"""The conductor's long-running tasks, one module each (as Nova's
conductor/tasks/): a task runs on the conductor and sends the work on to
the hosts that do it."""
