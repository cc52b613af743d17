# /export: archivos CSV y la red para los administradores de un chat.
export-only-admins = Solo los administradores de este chat pueden exportar sus datos.
export-only-admins-there = Solo los administradores de ese chat pueden exportar sus datos.
export-sent = 📎 Te he enviado los archivos CSV por privado.
export-cant-message = Aún no puedo escribirte: abre @{ $bot }, pulsa Iniciar y vuelve a enviar /export aquí.
export-no-admin-chats = No veo ningún chat que administres. Primero añádeme a tu grupo como administrador.
export-which-chat = ¿Qué chat exportar?
export-file-daily = Actividad diaria
export-file-members = Actividad por miembro
export-file-messages = Mensajes con interacción
export-file-messages-capped = Mensajes con interacción (los primeros { $n })
export-caption = { $label } · <b>{ $title }</b> · { $period } ({ $timezone })
export-network-later = Los archivos de la red (lista de aristas y GEXF) llegan con el primer cálculo diario del grafo social, a las 03:00 UTC.
export-network-edges = Lista de aristas de la red (quién responde, reacciona y reenvía a quién)
export-network-gexf = Red para Gephi o Cytoscape (GEXF)
export-network-title = { $title }: quién responde, reacciona y reenvía a quién, a fecha de { $asOf } UTC
export-network-caption = { $label } · <b>{ $title }</b> · todo el tiempo, a fecha de { $asOf } UTC
export-last-build = el último cálculo
