"""The operator's sign-in settings, from environment variables (read at each use, so a test
or a restarted server sees the current value).

``VNMAP_ANONYMOUS_VIEWING``  ``1`` (default): anyone may view the dashboard, and signs in to
                             import; ``0``: every page shows only the sign-in form until the
                             visitor signs in.
``VNMAP_SIGN_IN``            ``local`` (default): accounts in the database with passwords
                             (``python -m loaders users``); ``oidc``: the operator's identity
                             provider (Streamlit's ``st.login``).
"""

from __future__ import annotations

import os

ANONYMOUS_ENV = "VNMAP_ANONYMOUS_VIEWING"
SIGN_IN_ENV = "VNMAP_SIGN_IN"
MODES = ("local", "oidc")
_OFF = ("0", "false", "no", "off")
_ON = ("1", "true", "yes", "on", "")


def anonymous_viewing() -> bool:
    """Whether visitors who have not signed in may view the dashboard."""
    value = os.environ.get(ANONYMOUS_ENV, "1").strip().lower()
    if value not in _OFF + _ON:
        raise ValueError(f"{ANONYMOUS_ENV}={value!r}: use 1 (allowed) or 0 (sign-in required)")
    return value not in _OFF


def sign_in_mode() -> str:
    """``"local"`` or ``"oidc"``; another value is the operator's typo and raises."""
    value = os.environ.get(SIGN_IN_ENV, "local").strip().lower() or "local"
    if value not in MODES:
        raise ValueError(f"{SIGN_IN_ENV}={value!r}: use one of {', '.join(MODES)}")
    return value
