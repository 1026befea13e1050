"""The timeline writes through objects to the test database directly,
as the objects' own tests do: their fixtures, shared."""

from tests.unit.objects.conftest import _direct  # noqa: F401
from tests.unit.objects.conftest import flavor  # noqa: F401
