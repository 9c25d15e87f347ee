"""``dateline serve``: the web app and JSON API (FastAPI) over :mod:`dateline.analysis` and the
corpus store. :func:`dateline.web.app.create_app` builds the app from routers (:mod:`.api`,
:mod:`.pages`, :mod:`.reuse_routes`, :mod:`.statements`) over the dependencies of :mod:`.deps`
and the error answers of :mod:`.responses`; :mod:`.security` holds the access rules,
:mod:`.render` the pure helpers behind the pages, :mod:`.store_backend` the adapter over
:class:`dateline.corpus.Store`."""
