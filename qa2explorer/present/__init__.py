"""What the app says about a delivery, built once as facts (rows of label / value / evidence) and rendered as
text for the CLI (:mod:`.text`) or HTML for the window (:mod:`.html`). No Qt here."""
