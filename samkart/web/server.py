"""The production server ``samkart serve`` runs: gunicorn with the site's WSGI application.

One worker process per core, each with a few threads (a request that waits on the database or
the disk does not hold a core); the application is loaded once before the workers are forked, with
the register read and this year's view computed, so every worker starts warm and shares that
memory until it changes. Requests are bounded (line, header count and size here; body size by the
site's own middleware). gunicorn's ``timeout`` replaces a worker whose main loop is stuck; with
threaded workers it does not end a slow request in a thread, so the site bounds its costly work
itself: an upload is read in a child process killed when its 30 s are up
(``samkart.register.isolated``), and reports are built once per data version, one at a time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 0
    """0: one per core."""
    threads: int = 4
    timeout: int = 60
    """Seconds a worker's main loop may be silent before the worker is replaced."""

    def gunicorn_options(self) -> dict[str, Any]:
        workers = self.workers or max(os.cpu_count() or 1, 1)
        return {
            "bind": f"{self.host}:{self.port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": self.threads,
            "timeout": self.timeout,
            # longer than an upload's reading (30 s, and 5 s to answer): a restart lets it end
            "graceful_timeout": 45,
            "keepalive": 5,
            "preload_app": True,
            "limit_request_line": 8190,
            "limit_request_fields": 100,
            "limit_request_field_size": 8190,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": "samkart",
            "forwarded_allow_ips": "127.0.0.1,::1",
        }


class SamkartServer(BaseApplication):
    def __init__(self, settings: ServerSettings):
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.settings.gunicorn_options().items():
            self.cfg.set(key, value)

    def load(self):
        from samkart.web.wsgi import application

        _warm()
        return application


def _warm() -> None:
    """Read the register and this year's view in the master, before the workers are forked, and
    close the database connections they must not share."""
    import datetime as dt

    from django.db import connections

    from samkart.web.registry import store

    try:
        store.year_view(dt.date.today().year)
    finally:
        connections.close_all()


def run(settings: ServerSettings) -> None:
    SamkartServer(settings).run()
