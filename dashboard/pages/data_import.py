"""Page: import service-centre metrics ("Nhập số liệu" / "Import data").

(1) template downloads, (2) upload → :func:`loaders.metrics.importer.prepare` (validation
errors or the join doctor, corrected file), (3) the import (all or nothing, logged),
(4) the import log and (5) a "DỮ LIỆU MẪU / SAMPLE DATA" banner while a kind is not real.
The backend is :mod:`loaders.metrics`; the rendering lives in :mod:`dashboard.imports.import_view`.

Who may do what (:mod:`loaders.users`): everyone sees the data status and downloads the
templates; a visitor gets the sign-in form instead of the upload, a viewer a note that the
account may not import; an editor uploads and imports rows of their provinces, an admin of
every province. The import log (it names who imported) is for signed-in users. The import
itself checks the account again in the database (:func:`dashboard.imports.import_view.run_import`).

Runnable on its own (``python -m streamlit run dashboard/pages/data_import.py`` from the
repository, so ``dashboard`` is importable; AppTest) as well as a page of the router. The
database is ``$VNMAP_DB_URL`` or the default SQLite file. Widget keys all start with ``imp_``.
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard.auth import session, sign_in
from dashboard.core.i18n import t
from dashboard.core.markdown_text import md_escape
from dashboard.core.service_metrics import default_engine
from dashboard.imports import import_view as view
from loaders.metrics.safety import MAX_ANY_UPLOAD_BYTES

RESULT_KEY = "imp_result"  # the outcome of the last import, shown after the rerun
_LOG = logging.getLogger(__name__)


def main() -> None:
    lang = str(st.session_state.get("lang", "vi"))
    lang = lang if lang in ("vi", "en") else "vi"
    engine = default_engine()
    sign_in.gate(engine, lang)  # run on its own, the page is gated as the router gates
    identity = session.refreshed(engine)

    st.title(t("import.title", lang))
    st.caption(t("import.intro", lang))
    st.subheader(t("import.status_header", lang))
    view.render_status(engine, lang)

    result = st.session_state.pop(RESULT_KEY, None)
    if result is not None:
        ok, message, problems = result
        (st.success if ok else st.error)(
            t("import.import_ok" if ok else "import.import_failed", lang)
        )
        st.text(message)
        if problems is not None and len(problems):
            st.dataframe(problems, hide_index=True, key="imp_result_problems")

    st.subheader(t("import.templates_header", lang))
    view.render_templates(lang)

    st.subheader(t("import.upload_header", lang))
    if identity is None:
        st.info(t("auth.import_sign_in", lang))
        sign_in.form(engine, lang, "import")
        # no section 3 (the import) for those who may not import: the log comes third
        st.subheader(t("import.log_header", lang, n=3))
        st.caption(t("auth.log_sign_in", lang))
        return
    if not identity.can_import_any:
        st.info(t("auth.import_viewer", lang, name=md_escape(identity.label)))
        st.subheader(t("import.log_header", lang, n=3))
        view.render_log(engine, lang)
        return
    st.caption(
        t("auth.import_scope_all", lang)
        if identity.is_admin
        else t("auth.import_scope", lang, provinces=sign_in.provinces_label(identity, lang))
    )
    upload = st.file_uploader(
        t("import.upload", lang),
        type=["csv", "xlsx"],
        key="imp_file",
        # The app's own limit, enforced by the browser and the server before the file is
        # held in memory (the kind's smaller limit is checked once the kind is known).
        max_upload_size=MAX_ANY_UPLOAD_BYTES // 1_000_000,  # in MB of 10^6 bytes, as the browser
    )
    left, middle = st.columns(2)
    kind = left.selectbox(
        t("import.kind", lang),
        (None, *view.KINDS),
        format_func=lambda k: (
            t("import.kind_auto", lang) if k is None else t(f"import.kind_{k}", lang)
        ),
        key="imp_kind",
    )
    split_rule = middle.radio(
        t("import.split_rule", lang),
        view.SPLIT_RULES,
        format_func=lambda r: t(f"import.split_{r}", lang),
        horizontal=True,
        key="imp_split",
    )
    period = st.text_input(t("import.period", lang), key="imp_period").strip() or None
    skip = st.checkbox(t("import.skip_unmatched", lang), key="imp_skip")
    options = {
        "kind": kind,
        "period": period,
        "split_rule": split_rule,
        "on_unmatched": "skip" if skip else "fail",
    }

    prepared = None
    if upload is None:
        st.info(t("import.no_file", lang))
    else:
        data, name = upload.getvalue(), upload.name
        prepared = view.handle_upload(
            data, name, lang=lang, allowed=identity.allowed_provinces, **options
        )

    st.subheader(t("import.import_header", lang))
    ready = prepared is not None and not prepared.problems and len(prepared.rows) > 0
    remove: int | None = 0
    if ready:
        remove = view.render_plan(engine, prepared, lang)
        ready = remove is not None
    if not ready:
        st.caption(t("import.import_disabled", lang))
    if st.button(t("import.import", lang), key="imp_do", type="primary", disabled=not ready):
        # The account is read again from the database inside run_import: the button's state
        # is no permission.
        result = view.run_import(
            engine, session.current(), data, name, lang=lang, remove=remove or 0, **options
        )
        # A stored import is a new revision of the store: every cache of what the store
        # holds is keyed on it, so the next run reads the new data (as after an import by
        # the command line or another server), and nothing else needs clearing.
        st.session_state[RESULT_KEY] = result
        st.rerun()

    st.subheader(t("import.log_header", lang, n=4))
    view.render_log(engine, lang)


def guarded_main() -> None:
    """:func:`main`, with any unexpected error shown as a message in the UI's language and an
    error id; the traceback goes to the server log only. (Streamlit's rerun and stop are
    BaseExceptions and pass through.)"""
    try:
        main()
    except Exception:
        error_id = view.error_id()
        _LOG.exception("data-import page failed (error id %s)", error_id)
        lang = str(st.session_state.get("lang", "vi"))
        st.error(t("import.internal_error", lang if lang in ("vi", "en") else "vi", id=error_id))


guarded_main()
