"""The JSON API under /api/v1/ (django-ninja). Each domain app owns its
router in its `api` module; this module only mounts them. It sits above the
apps (they import `qualitycert.api` for tokens, auth and error shapes, never
this module), so mounting creates no cycle."""

from qualitycert.api.contract import ContractAPI
from qualitycert.catalog import api as catalog_api
from qualitycert.credit import api as credit_api
from qualitycert.plan import api as plan_api
from qualitycert.procurement import api as procurement_api
from qualitycert.programmes import api as programmes_api
from qualitycert.transparency import api as transparency_api
from qualitycert.verification import api as verification_api
from qualitycert.watch import api as watch_api

# Framework errors (400, 404, 413, 422) as declared JSON: see qualitycert/api/contract.py.
api = ContractAPI(
    title="qualitycert API",
    version="1",
    # One language per document: this one is read by programmers and machines, so
    # English; the messages people see (`detail`) follow Accept-Language.
    description="Public API of the quality-certification registry. This document is in "
                "English; error messages "
                "(`detail`) are in Simplified Chinese unless the request sends "
                "`Accept-Language: en`. Text is UTF-8 without NUL characters: a request holding "
                "one (or a lone surrogate) is refused, 400 in a body, 422 in a path or query.",
    urls_namespace="api-v1",
)

api.add_router("/", verification_api.router)
api.add_router("/", procurement_api.router)
api.add_router("/", catalog_api.router)
api.add_router("/", credit_api.router)
api.add_router("/plan/", plan_api.router)
# Each task's indicators, counted from the programmes' records (issue 15).
api.add_router("/plan/", programmes_api.plan_router)
api.add_router("/programmes/", programmes_api.router)
api.add_router("/watch/", watch_api.router)
api.add_router("/log/", transparency_api.router)
