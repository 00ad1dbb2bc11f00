#!/usr/bin/env python
"""Django's command-line utility; `qualitycert` is the same thing installed."""

from qualitycert.cli import main

if __name__ == "__main__":
    main()
