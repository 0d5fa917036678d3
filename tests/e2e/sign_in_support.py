"""Signing in through the real form of a page in the browser, as a user does: a click in each
field, typed text, a click on the button."""

from __future__ import annotations

from dashboard.core.i18n import t

#: The password of the browser tests' accounts.
PASSWORD = "đúng mật khẩu 2025"


def main_area(page):
    """The page's main area (the sidebar has a sign-in form of its own)."""
    return page.locator("[data-testid='stMain']")


def sign_in(page, username: str, password: str = PASSWORD, lang: str = "vi") -> None:
    """Fill the main area's sign-in form and click its button."""
    form = main_area(page).locator("[data-testid='stForm']")
    form.get_by_label(t("auth.username", lang)).click()
    page.keyboard.type(username)
    form.get_by_label(t("auth.password", lang), exact=True).click()
    page.keyboard.type(password)
    form.get_by_role("button", name=t("auth.submit", lang)).click()


def add_account(db_url: str, username: str, role: str, provinces=(), name: str = "") -> None:
    """An account in the database of the app server under test."""
    from loaders import users
    from loaders.metrics import store

    try:
        users.add_user(store.get_engine(db_url), username, role, provinces, PASSWORD, name)
    finally:
        store.dispose_engine(db_url)
