"""A JSON body as a phone's ``JSON.stringify`` may write it: with ``\\uXXXX`` escapes, so that a test can send
half an emoji (``"\\ud83d"``). Flask's test client writes ``json=`` as UTF-8, which cannot hold a lone
surrogate: it would fail in the test before the server saw anything."""
import json


def escaped_json(body):
    """Keyword arguments for ``client.post``/``patch``: ``client.post(url, **escaped_json(body))``."""
    return {"data": json.dumps(body, ensure_ascii=True), "content_type": "application/json"}
