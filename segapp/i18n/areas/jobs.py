"""Messages of long work running in the background: its stages, counts and cancellation."""

EN: dict[str, str] = {
    "job.working": "Working…",
    "job.count": "{done} of {total}",
    "job.cancel": "Cancel",
    "job.cancelling": "Cancelling…",
    "job.cancelled": "Cancelled. Nothing was changed.",
    "job.busy": "Another action is still running in this window. Wait for it to finish.",
    "job.interrupted": (
        "The server stopped while your last action ran: nothing of it was saved. Start it again."
    ),
    "job.go_back_removing": "Removing the lines of the step",
    "job.go_back_restoring": "Bringing back the lines the step removed",
    "job.go_back_journal": "Updating the criteria",
    "job.updating_lines": "Updating lines",
    "job.applying_template": "Applying the template to the lines",
    "job.copying_letters": "Copying the template's letters",
    "job.replaying_step": "Replaying step",
    "job.adding_lines": "Adding lines",
    "job.removing_lines": "Removing lines",
    "job.applying_mailing_group": "Giving the mailing group to the contacts",
    "job.deleting_segment": "Deleting the segment",
    "job.saving": "Saving",
    "job.checking_lines": "Checking lines",
    "job.importing_contacts": "Importing contacts",
    "job.linking_persons": "Linking persons to their companies",
    "job.switching_canceled": "Switching the Canceled checkmark",
    "job.deleting_canceled_segments": "Deleting canceled logged segments",
    "job.checking_attachments": "Looking for unique attachments",
    "job.deleting_canceled_entries": "Deleting canceled entries",
}

FR: dict[str, str] = {
    "job.working": "Traitement…",
    "job.count": "{done} sur {total}",
    "job.cancel": "Interrompre",
    "job.cancelling": "Interruption…",
    "job.cancelled": "Interrompu. Rien n'a été modifié.",
    "job.busy": "Une autre action est encore en cours dans cette fenêtre. Attendez qu'elle se termine.",
    "job.interrupted": (
        "Le serveur s'est arrêté pendant votre dernière action : rien n'en a été enregistré."
        " Relancez-la."
    ),
    "job.go_back_removing": "Suppression des lignes de l'étape",
    "job.go_back_restoring": "Rétablissement des lignes supprimées par l'étape",
    "job.go_back_journal": "Mise à jour des critères",
    "job.updating_lines": "Mise à jour des lignes",
    "job.applying_template": "Application du modèle aux lignes",
    "job.copying_letters": "Copie des lettres du modèle",
    "job.replaying_step": "Réexécution de l'étape",
    "job.adding_lines": "Ajout de lignes",
    "job.removing_lines": "Suppression de lignes",
    "job.applying_mailing_group": "Affectation du groupe de distribution aux contacts",
    "job.deleting_segment": "Suppression du segment",
    "job.saving": "Enregistrement",
    "job.checking_lines": "Vérification des lignes",
    "job.importing_contacts": "Importation des contacts",
    "job.linking_persons": "Rattachement des personnes à leur société",
    "job.switching_canceled": "Inversion de la coche Annulé",
    "job.deleting_canceled_segments": "Suppression des segments journalisés annulés",
    "job.checking_attachments": "Recherche des documents joints uniques",
    "job.deleting_canceled_entries": "Suppression des écritures annulées",
}
