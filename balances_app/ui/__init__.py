"""The embedded component: Reflex states, components and pages."""
