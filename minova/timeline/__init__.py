"""The timeline of a server action: the steps each process records
(``spans``) and how a terminal draws them (``render``)."""
