"""Messages of the merge engine's checks of an uploaded letter."""

EN = {
    "letters.record_fields_removed": (
        "Removed from every letter: {fields}. These Word fields move between records of a data "
        "source; here every contact gets a letter of its own."
    ),
}

FR = {
    "letters.record_fields_removed": (
        "Supprimés de chaque lettre : {fields}. Ces champs Word passent d'un enregistrement à "
        "l'autre d'une source de données ; ici chaque contact reçoit sa propre lettre."
    ),
}
