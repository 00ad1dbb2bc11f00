"""Settings come from the environment in one place (settings.py): a bad value
fails loudly at start-up, and defaults that depend on others follow them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

QC_OVERRIDES = ("QC_PRODUCTION", "QC_SECRET_KEY", "QC_WEBHOOK_ALLOW_PRIVATE",
                "QC_OPEN_DATA_DIR", "QC_VAR_DIR", "QC_SECRET_KEY_FALLBACKS")


def settings_value(expression: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`expression` evaluated against a freshly imported settings module under `env`."""
    base = {k: v for k, v in os.environ.items() if k not in QC_OVERRIDES}
    code = f"import qualitycert.settings as s; print({expression})"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**base, **env})


def test_private_webhook_receivers_default_to_refused_in_production():
    production = settings_value("s.QC_WEBHOOK_ALLOW_PRIVATE", QC_PRODUCTION="1",
                                QC_SECRET_KEY="x" * 50)
    development = settings_value("s.QC_WEBHOOK_ALLOW_PRIVATE")
    assert (production.stdout.strip(), development.stdout.strip()) == ("False", "True")


def test_an_explicit_value_wins_over_the_production_default():
    done = settings_value("s.QC_WEBHOOK_ALLOW_PRIVATE", QC_PRODUCTION="1",
                          QC_SECRET_KEY="x" * 50, QC_WEBHOOK_ALLOW_PRIVATE="yes")
    assert done.stdout.strip() == "True"


@pytest.mark.parametrize(("name", "value", "kind"), [
    ("QC_WATCHES_PER_USER", "many", "an integer"),
    ("QC_WEBHOOK_PROMPT_DELIVERY", "perhaps", "a boolean"),
    ("QC_RATE_ANON_PER_MINUTE", "1.5", "an integer"),
])
def test_a_malformed_value_stops_start_up_naming_the_setting(name, value, kind):
    done = settings_value("1", **{name: value})
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert f"{name} must be {kind}" in done.stderr


def test_open_data_dir_defaults_under_var_and_follows_the_environment(tmp_path):
    default = settings_value("s.QC_OPEN_DATA_DIR", QC_VAR_DIR=str(tmp_path / "var"))
    chosen = settings_value("s.QC_OPEN_DATA_DIR", QC_OPEN_DATA_DIR=str(tmp_path / "od"))
    assert Path(default.stdout.strip()) == tmp_path / "var" / "open-data"
    assert Path(chosen.stdout.strip()) == tmp_path / "od"


def test_secret_key_fallbacks_are_a_comma_separated_list():
    done = settings_value("s.SECRET_KEY_FALLBACKS", QC_SECRET_KEY_FALLBACKS="old-1, old-2")
    assert done.stdout.strip() == "['old-1', 'old-2']"


def test_no_module_reads_a_setting_with_a_default_of_its_own():
    # A second default beside settings.py's drifts from it (issue 10): code
    # reads settings.QC_X directly, so a missing declaration fails at once.
    package = Path(__file__).resolve().parents[1]
    offenders = [f"{path.relative_to(package)}:{number}"
                 for path in package.rglob("*.py") if "tests" not in path.parts
                 for number, line in enumerate(path.read_text().splitlines(), 1)
                 if "getattr(settings" in line]
    assert offenders == []
