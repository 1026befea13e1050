"""The image API's in-process client, for the tests of shared middleware."""

from tests.unit.image_api.conftest import image_api  # noqa: F401
from tests.unit.image_api.conftest import store_path  # noqa: F401
