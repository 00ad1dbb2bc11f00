"""The back office's own screens: users and the audit log. Each domain app
registers its models in its own admin module, on the base classes in base.py."""

from . import admin_audit, admin_security, admin_users

__all__ = ["admin_audit", "admin_security", "admin_users"]
