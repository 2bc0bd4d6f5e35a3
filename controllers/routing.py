from odoo.http import request


def read_only_on_get(_controller):
    """``readonly`` of a route that shows a page on GET and records on POST:
    the page may be served by a read-only replica, the submission may not."""
    return request.httprequest.method in ("GET", "HEAD")
