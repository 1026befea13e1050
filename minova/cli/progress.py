"""Progress shown on stderr, so stdout keeps only the table or JSON: one
redrawn line on a terminal, one line per change elsewhere (logs, CI).
What a server's progress is belongs to ``minova.cli.wait``."""

import sys
import time


def bar(fraction, width=24):
    done = int(round(max(0.0, min(1.0, fraction)) * width))
    return '[%s%s]' % ('#' * done, '.' * (width - done))


class ProgressLine:
    def __init__(self, stream=None, force=False):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        # Off-terminal progress is noise unless asked for (or polled for).
        self.enabled = self.tty or force
        self._last = None
        self._started = time.monotonic()

    def elapsed(self):
        return time.monotonic() - self._started

    def show(self, text, timed=True):
        """Redraw on a terminal; elsewhere print when ``text`` changed."""
        if not self.enabled:
            return
        line = '%s %5.1fs' % (text, self.elapsed()) if timed else text
        if self.tty:
            self.stream.write('\r' + line + '\033[K')
            self.stream.flush()
        elif text != self._last:
            self.stream.write(line + '\n')
            self.stream.flush()
        self._last = text

    def close(self):
        if self.tty and self._last is not None:
            self.stream.write('\n')
            self.stream.flush()


def describe_transfer(done, total):
    if not total:
        return 'Uploading %.1f MiB' % (done / 1048576.0)
    return 'Uploading %s %3d%% of %.1f MiB' % (
        bar(done / float(total)), done * 100 // total, total / 1048576.0)


class ReadProgress:
    """A file wrapper that reports every chunk read from it; requests
    streams it (and sends Content-Length from ``len()``)."""

    def __init__(self, fileobj, total, line):
        self._file = fileobj
        self._total = total
        self._done = 0
        self._line = line

    def __len__(self):
        return self._total

    def __repr__(self):
        # What --debug shows as the request body.
        return '<%d bytes from %s>' % (self._total,
                                       getattr(self._file, 'name', 'a file'))

    def read(self, size=-1):
        chunk = self._file.read(size if size and size > 0 else 65536)
        before = self._percent()
        self._done += len(chunk)
        # A redrawn line may move every percent; a log gets ten lines.
        step = 1 if self._line.tty else 10
        if before // step != self._percent() // step or not chunk:
            self._line.show(describe_transfer(self._done, self._total))
        return chunk

    def _percent(self):
        return self._done * 100 // self._total if self._total else 0
