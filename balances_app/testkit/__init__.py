"""A test kit for platforms: a throwaway component host, fixtures, and a pytest plugin.

- `python -m balances_app.testkit --seed fixtures.json` (or `balances serve --ephemeral ...`)
  starts a host on a free port, prints its URL, keys and accounts as one JSON line, and stops
  cleanly on SIGTERM or Ctrl-C.
- `testkit/fixtures.py` documents the fixture format.
- `testkit/pytest_plugin.py` (a `pytest11` entry point) gives platforms' own tests fixtures:
  `balances_host`, `balances_platform`, `balances_account`, `balances_clock`, `balances_frame`.
"""
