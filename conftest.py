import importlib.util

# The personas need Django; pure-library tests also run with `-p no:django`.
if importlib.util.find_spec("pytest_django") is not None:
    pytest_plugins = ["qualitycert.testing.fixtures", "qualitycert.testing.browser"]
