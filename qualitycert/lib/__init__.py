"""Pure, Django-free helpers. Nothing here imports Django."""
