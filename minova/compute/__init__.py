"""The compute component: its API (used by minova-api), RPC client and the
manager that runs on every hypervisor host."""
