"""The `qualitycert` console script: the same commands as manage.py, with the
dashed names of DESIGN.md §4 (`seed-demo`, `import-certificates` …) mapped to the
Django command modules (`seed_demo`, `import_certificates` …)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitycert.settings")
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    # Commands print in one language: the site's (settings.LANGUAGE_CODE, Simplified
    # Chinese), which gettext falls back to when none is active; QC_CLI_LANGUAGE=en
    # picks English for one run.
    language = os.environ.get("QC_CLI_LANGUAGE", "").strip()
    if language:
        import django
        from django.utils import translation

        django.setup()
        translation.activate(language)
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
