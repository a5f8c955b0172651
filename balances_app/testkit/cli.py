"""The command line: `balances serve --ephemeral [--seed FILE] [--port N] [--allow-origin URL]`.

`python -m balances_app.testkit [...]` is the same as `balances serve --ephemeral [...]`;
`balances serve` without `--ephemeral` runs the component host and the demo (`make run`).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from balances_app.testkit.fixtures import FixtureError


def _ephemeral_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=Path, help="a fixture document (JSON) to seed the database with")
    parser.add_argument("--port", type=int, default=0, help="the port to serve on (default: a free one)")
    parser.add_argument(
        "--allow-origin", action="append", default=[], metavar="URL", help="an origin allowed to embed (repeatable)"
    )


def serve_ephemeral(args: argparse.Namespace) -> int:
    from balances_app.domain.errors import StripeError
    from balances_app.testkit.host import EphemeralHost

    try:
        document = json.loads(args.seed.read_text()) if args.seed else {}
    except (OSError, json.JSONDecodeError) as error:
        print(f"balances: cannot read {args.seed}: {error}", file=sys.stderr)
        return 2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    host = EphemeralHost(document, port=args.port or None, origins=args.allow_origin)
    try:
        host.start()
    except (FixtureError, StripeError) as error:
        host.stop()
        print(f"balances: the fixtures are not valid: {error}", file=sys.stderr)
        return 2
    except BaseException:
        host.stop()
        raise
    print(json.dumps(host.info()), flush=True)
    try:
        while not stop.wait(0.5):
            if not host.alive():
                print(f"balances: the host stopped:\n{host.log()}", file=sys.stderr)
                return 1
        return 0
    finally:
        host.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="balances", description="The balances component host.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the component host")
    serve.add_argument("--ephemeral", action="store_true", help="a throwaway host for tests (see testkit)")
    _ephemeral_arguments(serve)
    args = parser.parse_args(argv)
    if args.ephemeral:
        return serve_ephemeral(args)
    from balances_app.serve import main as serve_main

    serve_main()
    return 0


def testkit_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m balances_app.testkit", description="A throwaway host for tests.")
    _ephemeral_arguments(parser)
    return serve_ephemeral(parser.parse_args(argv))
