"""The SQL database: models, migrations and the query functions (db.api).

Only objects (``minova.objects``) call ``minova.db.api``; compute never
imports it at all.
"""
