"""Virt drivers: how a compute host makes guests real."""
