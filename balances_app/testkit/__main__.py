"""`python -m balances_app.testkit`: a throwaway component host for a platform's tests (see cli.py)."""

import sys

from balances_app.testkit.cli import testkit_main

sys.exit(testkit_main())
