"""Console scripts. Services run on eventlet, patched before any import
that could create a thread or a socket."""

from minova import concurrency

concurrency.monkey_patch()
