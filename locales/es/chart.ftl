# Palabras de los gráficos de estadísticas.
chart-untitled = Chat de Telegram
chart-no-messages = No hay mensajes en este periodo
chart-no-posts = No hay publicaciones en este periodo
chart-no-reactions = No hay reacciones en este periodo
chart-reaction-paid = ⭐ de pago
chart-reaction-custom = emoji personalizado
chart-kind-text = Texto
chart-kind-photo = Foto
chart-kind-video = Vídeo
chart-kind-animation = GIF
chart-kind-voice = Mensaje de voz
chart-kind-video-note = Videomensaje
chart-kind-audio = Audio
chart-kind-document = Archivo
chart-kind-sticker = Sticker
chart-kind-poll = Encuesta
chart-kind-location = Ubicación
chart-kind-venue = Lugar
chart-kind-contact = Contacto
chart-kind-dice = Dado
chart-kind-game = Juego
chart-kind-story = Historia
chart-kind-paid-media = Contenido de pago
chart-kind-giveaway = Sorteo
chart-kind-checklist = Lista de tareas
chart-kind-service = Mensaje de servicio
chart-kind-other = Otro
chart-kind-everything-else = Todo lo demás
chart-top-footer-some = { $messages ->
    [one] { $messages } mensaje
   *[other] { $messages } mensajes
} de estos { $shown } de { $senders ->
    [one] { $senders } autor activo
   *[other] { $senders } autores activos
}
chart-top-footer-share = {" "}· el { $share } de los { $total }
chart-top-footer-only = { $messages ->
    [one] { $messages } mensaje
   *[other] { $messages } mensajes
}, todos del único autor activo
chart-top-footer-all = { $messages ->
    [one] { $messages } mensaje
   *[other] { $messages } mensajes
} de los { $senders } autores activos
chart-total-messages = { $n ->
    [one] { $n } mensaje en total
   *[other] { $n } mensajes en total
}
chart-total-posts = { $n ->
    [one] { $n } publicación en total
   *[other] { $n } publicaciones en total
}
chart-total-reactions = { $n ->
    [one] { $n } reacción en total
   *[other] { $n } reacciones en total
}
chart-total-messages-short = { $n ->
    [one] { $n } mensaje
   *[other] { $n } mensajes
}
chart-total-posts-short = { $n ->
    [one] { $n } publicación
   *[other] { $n } publicaciones
}
chart-reactions-footer-top = Las { $shown } principales de { $kinds } reacciones · { $total } en total
chart-timeline-footer = { $total } · { $interval ->
    [hour] hora más activa: { $label }
    [day] día más activo: { $label }
    [week] semana más activa: la del { $label }
    [month] mes más activo: { $label }
   *[other] pico: { $label }
} ({ $peak })
chart-partial-default = { $interval ->
    [hour] hora parcial
    [day] día parcial
    [week] semana parcial
    [month] mes parcial
   *[other] periodo parcial
}
chart-partial-note = { $bars ->
    [one] barra clara: { $note }
   *[other] barras claras: { $note }
}
chart-heatmap-footer = Pico: { $day } { $from }–{ $to } ({ $busiest }) · { $total } en total
chart-legend-messages = Mensajes
chart-legend-active-users = Autores activos
chart-legend-posts = Publicaciones
chart-axis-messages = mensajes
chart-axis-posts = publicaciones
chart-axis-active-users = autores activos
chart-axis-hour = hora del día
chart-scale-fewer = menos
chart-scale-more = más
chart-network-person = persona
chart-network-chat = chat
chart-network-footer-top = los { $shown } más conectados de { $total } · flecha: respondió o reaccionó · más gruesa: más a menudo
chart-network-footer-all = los { $shown } · flecha: respondió o reaccionó · más gruesa: más a menudo
