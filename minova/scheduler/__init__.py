"""minova-scheduler: picks a compute host for each instance of a request.

``rpcapi.py`` is what the conductor calls, ``manager.py`` answers it,
``host_manager.py`` builds a view of every host from the database,
``filters/`` say which hosts can take the instance and ``weights/`` rank
the ones that can.
"""
