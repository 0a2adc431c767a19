"""Messages of the contact card's interactions at a glance (Contact Statistics)."""

EN: dict[str, str] = {
    "glance.title": "Contact Statistics",
    "glance.title_company": "Contact Statistics · company and its persons",
    "glance.no_of_interactions": "No. of Interactions",
    "glance.date_of_last_interaction": "Date of Last Interaction",
    "glance.last_date_attempted": "Last Date Attempted",
    "glance.attempt_failed": "Attempt Failed",
    "glance.status": "Status",
    "glance.latest": "Latest interactions",
    "glance.lines": "Lines: {count}",
    "glance.per_month": "Interactions per month",
    "glance.chart_total": "{count} interactions over the last 12 months",
    "glance.month": "Month",
    "glance.type_none": "No type",
    "glance.minutes": "{count} min.",
}

FR: dict[str, str] = {
    "glance.title": "Statistiques contact",
    "glance.title_company": "Statistiques contact · société et ses personnes",
    "glance.no_of_interactions": "Nbre d'interactions",
    "glance.date_of_last_interaction": "Date dernière interaction",
    "glance.last_date_attempted": "Date dernière tentative",
    "glance.attempt_failed": "Tentative échouée",
    "glance.status": "État",
    "glance.latest": "Dernières interactions",
    "glance.lines": "Lignes : {count}",
    "glance.per_month": "Interactions par mois",
    "glance.chart_total": "{count} interactions sur les 12 derniers mois",
    "glance.month": "Mois",
    "glance.type_none": "Sans type",
    "glance.minutes": "{count} min",
}
