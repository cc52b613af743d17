# El resumen semanal: la tarjeta y su pie de foto.
recap-kicker = Resumen semanal
recap-week-label = Semana { $week } · { $range }
recap-so-far = hasta ahora
recap-messages = Mensajes
recap-posts = Publicaciones
recap-change-up = ▲ { $percent } frente a la semana pasada
recap-change-down = ▼ { $percent } frente a la semana pasada
recap-change-flat = igual que la semana pasada
recap-change-new = nuevo
recap-change-new-hint = semana anterior muy tranquila
recap-active = Miembros activos
recap-active-share = { $percent } de { $members }
recap-active-no-count = número de miembros desconocido
recap-newcomers = Recién llegados
recap-newcomers-detail = { $left } se fueron · neto { $net }
recap-reactions = Reacciones
recap-replies = Respuestas
recap-per-day = Por día
recap-busiest = Hora pico: { $day } { $time }
recap-podium = Quienes más participaron
recap-n-messages = { $n ->
    [one] { $n } mensaje
   *[other] { $n } mensajes
}
recap-n-posts = { $n ->
    [one] { $n } publicación
   *[other] { $n } publicaciones
}
recap-n-reactions = { $n ->
    [one] { $n } reacción
   *[other] { $n } reacciones
}
recap-n-replies = { $n ->
    [one] { $n } respuesta
   *[other] { $n } respuestas
}
recap-n-views = { $n ->
    [one] { $n } vista
   *[other] { $n } vistas
}
recap-n-active = { $n ->
    [one] { $n } miembro activo
   *[other] { $n } miembros activos
}
recap-newcomer = Recién llegado de la semana
recap-newcomer-joined = llegó el { $day }
recap-no-newcomer = Ningún recién llegado escribió esta semana
recap-most-reacted = Más reacciones
recap-most-replied = Más respuestas
recap-media = { $kind ->
    [photo] 📷 Foto
    [video] 🎬 Vídeo
    [animation] GIF
    [sticker] Sticker
    [voice] 🎤 Mensaje de voz
    [video_note] Videomensaje
    [audio] 🎵 Audio
    [document] 📎 Archivo
    [poll] 📊 Encuesta
    [location] 📍 Ubicación
   *[other] (sin texto)
}
recap-trend = { $weeks ->
    [one] Esta semana
   *[other] Últimas { $weeks } semanas
}
recap-week-short = S{ $week }
recap-trend-messages = Mensajes
recap-trend-active = Miembros activos
recap-trend-posts = Publicaciones
recap-quiet-title = Una semana tranquila
recap-quiet-body = { $n ->
    [one] Solo un mensaje esta semana. Pasa a veces: una pregunta o un saludo bastan para volver a conversar.
   *[other] Solo { $n } mensajes esta semana. Pasa a veces: una pregunta o un saludo bastan para volver a conversar.
}
recap-footer = Hecho con Pulse
recap-channel-views = Vistas por publicación
recap-channel-forwards = Reenvíos
recap-channel-err = ERR
recap-channel-err-hint = reacciones y reenvíos por vista
recap-channel-subscribers = Suscriptores
recap-channel-top-post = Publicación destacada
recap-not-measured = sin medir
recap-missing-user-session = Las vistas y los reenvíos los lee la sesión de usuario, que aún no sigue este canal.
recap-missing-subscribers = No se registró el número de suscriptores en torno a esta semana.
# Pie de foto: HTML para Telegram; los valores se escapan antes de llegar aquí.
recap-caption-head = <b>{ $title }</b>
recap-caption-week = Semana { $week } · { $range }
recap-caption-change-new = nuevo
recap-caption-active-share = { $percent } de los miembros
recap-caption-movement = 🌱 { $joined } llegaron · { $left } se fueron
recap-caption-podium = 🏆 { $names }
recap-caption-newcomer = 👋 Recién llegado de la semana: { $name }
recap-caption-reacted = ❤️ Más reacciones: { $snippet }
recap-caption-replied = 💬 Más respuestas: { $snippet }
recap-caption-top-post = ⭐ Publicación destacada: { $snippet }
recap-caption-busiest = 🕘 Hora pico: { $day } { $time }
recap-caption-quiet = Una semana tranquila: gracias a todos los que pasaron.
recap-caption-open = abrir
recap-caption-views = 👁 { $n } vistas por publicación
recap-caption-forwards = 🔁 { $n } reenvíos
recap-caption-err = ERR { $percent }
recap-caption-subscribers = 👤 suscriptores { $change }
recap-caption-missing = Vistas y reenvíos sin medir (no hay sesión de usuario).
