"""minova-image-api: a Glance-compatible subset of the Image API v2.

app.py (route table, middleware) -> auth.py (who) -> images.py (handlers)
-> document.py / patch.py / schemas.py (what a valid image is) -> db.py
(records, models.py) and store.py (files); views.py and errors.py shape
what goes back. The compute side reaches it through minova.image.glance.
"""
