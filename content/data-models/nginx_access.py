"""Methods of the Nginx.Access data model."""


def get_http_method(event):
    """The method at the start of the request line (`GET /path HTTP/1.1`), or None."""
    request = event.get("request") or ""
    method = request.split(" ", 1)[0]
    return method if method.isalpha() and method.isupper() else None
