"""WAI-ARIA attributes for Dash's html components.

Dash accepts any `aria-*` keyword on an html component (a wildcard property), but a hyphen cannot
be part of a Python keyword, so the attributes are unpacked from a dict: `**Aria({"aria-label": …})`.
Typed as a TypedDict so that mypy checks the names (a misspelt attribute is an error) instead of
matching a plain `dict[str, str]` against every named parameter of the component.
"""

from typing import TypedDict

Aria = TypedDict(
    "Aria",
    {
        "aria-expanded": str,
        "aria-hidden": str,
        "aria-label": str,
        "aria-labelledby": str,
        "aria-pressed": str,
        "aria-sort": str,
    },
    total=False,
)
