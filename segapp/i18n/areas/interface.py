"""Messages of the app's shared interface: refusals that stay, lookups, column choosers,
loading states."""

EN: dict[str, str] = {
    "common.dismiss": "Dismiss",
    "common.close": "Close",
    "common.columns": "Columns",
    "worksheet.summary_lines": "{count} line(s)",
    "worksheet.show_header": "Show header",
    "worksheet.hide_header": "Hide header",
    "common.loading": "Loading…",
    "selection.lookup_of": "Look up {field}",
    "selection.lookup_search": "Search a code or a description",
    "selection.lookup_empty": "No code matches.",
    "selection.lookup_more": "More codes exist: type part of a code or a description to find them.",
    "selection.lookup_ok": "OK",
    "selection.table": "Table",
}

FR: dict[str, str] = {
    "common.dismiss": "Fermer",
    "common.close": "Fermer",
    "common.columns": "Colonnes",
    "worksheet.summary_lines": "{count} ligne(s)",
    "worksheet.show_header": "Afficher l'en-tête",
    "worksheet.hide_header": "Masquer l'en-tête",
    "common.loading": "Chargement…",
    "selection.lookup_of": "Rechercher {field}",
    "selection.lookup_search": "Rechercher un code ou une description",
    "selection.lookup_empty": "Aucun code ne correspond.",
    "selection.lookup_more": "Il existe d'autres codes : tapez une partie d'un code ou d'une description pour les trouver.",
    "selection.lookup_ok": "OK",
    "selection.table": "Table",
}
