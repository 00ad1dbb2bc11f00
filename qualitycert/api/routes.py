"""The JSON API under /api/v1/ (django-ninja). Each domain owns its router;
this module only mounts them, so adding an endpoint never touches another room."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="qualitycert API",
    version="1",
    description="质量认证监管信息系统公开接口 Public API of the quality-certification registry",
    urls_namespace="api-v1",
)

# Routers are mounted by import path so that a domain app can be built out
# independently; each module exposes `router`.
ROUTERS = [
    ("/", "qualitycert.api.public"),
    ("/plan/", "qualitycert.plan.api"),
    ("/watch/", "qualitycert.api.watch"),
]


def _mount() -> None:
    import importlib

    for prefix, module_path in ROUTERS:
        try:
            module = importlib.import_module(module_path)
        except ModuleNotFoundError as exc:
            if exc.name != module_path:
                raise
            continue
        api.add_router(prefix, module.router)


_mount()
