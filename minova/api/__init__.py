"""The compute REST API (minova-api)."""
