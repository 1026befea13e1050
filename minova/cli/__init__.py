"""The ``minova`` command line client (python-novaclient style, on cliff)."""
