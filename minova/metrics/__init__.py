"""Prometheus metrics of a minova service, off by default.

With ``[metrics] enabled = True`` (and the ``prometheus_client`` library
installed) every service serves ``GET /metrics`` in Prometheus text
format on ``[metrics] host`` (127.0.0.1) and its port from
``[metrics] service_ports``:

- ``minova_api_requests_total`` and ``minova_api_request_duration_seconds``
  per API (compute, image, metadata), method, route (the route's
  template: ``/v2.1/servers/{id}``) and status (``wsgi.py``, a filter of
  each API's pipeline);
- ``minova_rpc_client_messages_total`` per topic, method, kind (call or
  cast) and outcome, ``minova_rpc_client_call_duration_seconds``, and
  ``minova_rpc_server_messages_total`` /
  ``minova_rpc_server_duration_seconds`` for what the service's RPC
  server handled (``rpc.py``, wrapped where minova/rpc.py makes clients
  and servers);
- ``minova_builds_total`` per outcome: ACTIVE, ERROR, RESCHEDULED, where
  the build ended (compute; the conductor for NoValidHost);
- the process's CPU, memory and file descriptors (prometheus_client's).

``registry.py`` holds the metrics, ``http.py`` serves them. Nothing is
recorded, and nothing is wrapped, while the option is off.
"""
