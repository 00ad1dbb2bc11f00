"""The public certificate lookup's fast lane, in front of Django.

`GET /api/v1/certificates/{number}` is what procurement systems and QR
scanners call, at the rate of page views. Through Django's whole request cycle
(nine middleware, URL resolution, django-ninja's operation wrapper, and an ORM
query compiled afresh on every call) it costs several times the lookup itself.
`PublicLookupDispatcher` answers that one request shape directly and hands
everything else to Django unchanged; the reasons, the rules it follows and the
figures are in docs/decisions/0002-public-hot-path.md.

    dispatch.py   which requests the fast lane takes, and the WSGI plumbing
                  (signals, middleware response hooks, exceptions)
    lookup.py     the lookup itself: the view's query, compiled once, inside
                  the view's own answer (api.public.certificate_answer)
    cycle.py      Django's request start and end, without the signals when
                  only Django's receivers listen
"""

from .dispatch import PublicLookupDispatcher, wrap

__all__ = ["PublicLookupDispatcher", "wrap"]
