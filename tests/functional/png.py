"""Just enough of PNG to look at a screenshot's pixels (8-bit RGB or
RGBA, not interlaced: what Chromium writes), without an imaging
library."""

import struct
import zlib

_CHANNELS = {2: 3, 6: 4}


def _chunks(data):
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(kind, line, prev, bpp):
    out = bytearray(line)
    for i in range(len(out)):
        left = out[i - bpp] if i >= bpp else 0
        up = prev[i]
        corner = prev[i - bpp] if i >= bpp else 0
        predictor = (0, left, up, (left + up) // 2,
                     _paeth(left, up, corner))[kind]
        out[i] = (out[i] + predictor) & 0xff
    return out


def pixels(data):
    """(width, height, rows of (r, g, b) tuples)."""
    chunks = list(_chunks(data))
    width, height, depth, colour, _c, _f, interlace = struct.unpack(
        '>IIBBBBB', dict(chunks)[b'IHDR'])
    assert depth == 8 and colour in _CHANNELS and not interlace
    bpp = _CHANNELS[colour]
    raw = zlib.decompress(b''.join(body for kind, body in chunks
                                   if kind == b'IDAT'))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        prev = _unfilter(raw[start], raw[start + 1:start + 1 + stride],
                         prev, bpp)
        rows.append([tuple(prev[x:x + 3]) for x in range(0, stride, bpp)])
    return width, height, rows
