"""The SQL database: models, migrations and the query functions (db.api).

Only objects (``minova.objects``) call ``minova.db.api``, and they reach
it through ``minova.db.deferred``, which imports it at the first call: a
process with no database (minova-compute) never imports SQLAlchemy or
oslo.db's engine code at all. Keep this package's ``__init__`` free of
imports for the same reason.
"""

_forbidden = False


def forbid_database():
    """Called by services that must never touch the database (compute):
    from then on any use of ``minova.db.api`` raises DBNotConfigured
    instead of opening a default SQLite file."""
    global _forbidden
    _forbidden = True


def database_forbidden():
    return _forbidden
