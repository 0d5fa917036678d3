"""The watchlist page's parts: its view and URL (:mod:`.view_state`), the cached watchlists
(:mod:`.data`), the summary (:mod:`.summary`), the table of flags (:mod:`.table_view`), a
commune's flags and history (:mod:`.commune`) and the rules form (:mod:`.rules_form`)."""
