"""``dateline serve``: the web app and JSON API (FastAPI) over :mod:`dateline.analyze` and the
corpus store. :func:`dateline.web.app.create_app` builds the app; :mod:`.security` holds the
access rules, :mod:`.render` the pure helpers behind the pages, :mod:`.store_backend` the
adapter over :class:`dateline.corpus.Store`."""
