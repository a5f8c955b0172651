"""Reflex configuration for the component host.

Everything that would reach outside the machine is off: the component builds and
runs offline and never phones home from a platform's page.
"""

import reflex as rx

from balances_app.settings import settings

config = rx.Config(
    app_name="balances_app",
    api_url=settings.public_url,
    deploy_url=settings.public_url,
    frontend_port=settings.port,
    backend_port=settings.port,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=[settings.public_url],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
