"""paste composite: send a request to the app of its longest path prefix."""


class URLMap:
    def __init__(self, apps):
        # Longest prefixes first, so /v2.1 wins over /v2 and /.
        self.apps = sorted(apps.items(), key=lambda item: -len(item[0]))

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        for prefix, app in self.apps:
            if prefix == '/':
                if path in ('', '/'):
                    return app(environ, start_response)
                continue
            if path == prefix or path.startswith(prefix + '/'):
                environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME',
                                                     '') + prefix
                environ['PATH_INFO'] = path[len(prefix):]
                return app(environ, start_response)
        start_response('404 Not Found',
                       [('Content-Type', 'application/json')])
        return [b'{"itemNotFound": {"code": 404, "message": '
                b'"The resource could not be found."}}']


def urlmap_factory(loader, global_conf, **local_conf):
    apps = {}
    for path, app_name in local_conf.items():
        path = '/' + path.strip('/') if path.strip('/') else '/'
        apps[path] = loader.get_app(app_name, global_conf=global_conf)
    return URLMap(apps)
