"""minova.compute.password: Nova's four 255-character chunks."""

import pytest

from minova.compute import password


class _Instance:
    def __init__(self, system_metadata):
        self.system_metadata = system_metadata


@pytest.mark.parametrize('value', ['', 'short', 'x' * 255, 'y' * 600,
                                   'z' * password.MAX_SIZE])
def test_round_trip(value):
    meta = password.convert_password(value)
    assert sorted(meta) == ['password_0', 'password_1', 'password_2',
                            'password_3']
    assert all(len(chunk) <= password.CHUNK_LENGTH
               for chunk in meta.values())
    meta['image_min_ram'] = '0'
    assert password.extract_password(_Instance(meta)) == (value or None)


def test_bytes_and_none():
    assert password.convert_password(b'abc')['password_0'] == 'abc'
    assert set(password.convert_password(None).values()) == {''}
    assert password.extract_password(_Instance({})) is None
