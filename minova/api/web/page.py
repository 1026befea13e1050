"""HTML building blocks: the layout, tables and links. Every text that
reaches the page goes through ``esc``; only these helpers and ``svg``
write markup."""

import html
from urllib import parse

import webob.exc

STYLE = """
body { font: 14px sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: left; }
.up { color: #2a7d2a; } .down, .failed { color: #c0392b; }
svg.timeline text { font: 12px monospace; }
svg.timeline text.head { font-weight: bold; }
nav a { margin-right: 1em; }
"""


def esc(value):
    return html.escape('' if value is None else str(value))


def link(href, text):
    return '<a href="%s">%s</a>' % (esc(href), esc(text))


def server_href(base, server_id, request_id=None):
    href = '%s/servers/%s' % (base, parse.quote(server_id, safe=''))
    if request_id:
        href += '?' + parse.urlencode({'action': request_id})
    return href


def table(headers, rows, css=None):
    """``rows`` of cells; a cell is text (escaped) or ``Markup``."""
    out = ['<table%s><tr>' % (' class="%s"' % esc(css) if css else '')]
    out += ['<th>%s</th>' % esc(h) for h in headers]
    out.append('</tr>')
    for row in rows:
        out.append('<tr>' + ''.join('<td>%s</td>' % cell_html(c)
                                    for c in row) + '</tr>')
    out.append('</table>')
    return '\n'.join(out)


class Markup(str):
    """Text that is already HTML (a link), not escaped again."""


def cell_html(cell):
    return cell if isinstance(cell, Markup) else esc(cell)


def state(text):
    return Markup('<span class="%s">%s</span>' % (
        'up' if text == 'up' else 'down', esc(text)))


def document(title, base, body):
    """The whole page: ``body`` is markup made by these helpers."""
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<title>%s</title><style>%s</style></head><body>\n'
            '<nav>%s</nav>\n<h1>%s</h1>\n%s\n</body></html>\n'
            % (esc(title), STYLE, link(base + '/', 'minova overview'),
               esc(title), body))


def error_document(code, message, base):
    title = '%d %s' % (code, webob.exc.status_map[code].title) \
        if code in webob.exc.status_map else str(code)
    return document(title, base, '<p class="error">%s</p>' % esc(message))
