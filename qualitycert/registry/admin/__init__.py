"""The registry's back office, one module per kind of record (Django's
autodiscover imports this package; the imports register the ModelAdmins)."""

from . import certificates, organisations  # noqa: F401
