"""Entry script of the PyInstaller bundle (the installed package uses qa2explorer.main:main directly)."""

import sys

from qa2explorer.main import main

sys.exit(main())
