"""Talking to the image service (minova-image-api or a real Glance)."""
