# /stats, /top, /activity: textos, botones y respuestas.
stats-title = 📊 <b>{ $title }</b> · { $period }
stats-delta = {" "}<i>{ $change }</i>
stats-delta-new = nuevo
stats-delta-same = = { $percent }
stats-delta-up = ▲ { $percent }
stats-delta-down = ▼ { $percent }
stats-duration-seconds = { $n } s
stats-duration-minutes = { $n } min
stats-duration-hours = { $n } h
stats-duration-days = { $n } días
stats-messages = 💬 <b>{ $count }</b> { $count ->
    [one] mensaje
   *[other] mensajes
}{ $delta }
stats-active = 👤 <b>{ $count }</b> { $count ->
    [one] miembro escribió
   *[other] miembros escribieron
}{ $delta } · <b>{ $engaged }</b> de ellos { $min }+ mensajes
stats-active-share = 📈 escribió el { $share } de los { $members } miembros · el { $engagedShare } escribió { $min }+ mensajes
stats-joined = ➕ { $count } { $count ->
    [one] entró
   *[other] entraron
}
stats-left = ➖ { $count } { $count ->
    [one] salió
   *[other] salieron
}
stats-retention = 🔁 el { $share } de quienes escribieron en el periodo anterior volvió a escribir
stats-replies = ↩️ { $count } { $count ->
    [one] respuesta
   *[other] respuestas
}{ $delta }
stats-first-reply = ⏱ primera respuesta ~{ $duration }
stats-media-line = 🖼 multimedia { $media } · 🔀 { $forwards } { $forwards ->
    [one] reenvío
   *[other] reenvíos
} · ✍️ media de { $chars } caracteres
stats-join-1 = { $p0 }
stats-join-2 = { $p0 } · { $p1 }
stats-join-3 = { $p0 } · { $p1 } · { $p2 }
stats-join-4 = { $p0 } · { $p1 } · { $p2 } · { $p3 }
stats-posts = 📝 <b>{ $count }</b> { $count ->
    [one] publicación
   *[other] publicaciones
}{ $delta }
stats-needs-user-session = 👁 las vistas y los reenvíos necesitan la sesión de usuario: mira /track
stats-views-known = {" "}({ $known } de { $posts } publicaciones)
stats-views-per-post = 👁 <b>{ $views }</b> vistas por publicación{ $delta }{ $known }
stats-forwards = 🔀 <b>{ $count }</b> { $count ->
    [one] reenvío
   *[other] reenvíos
}{ $delta }
stats-reactions = ❤️ <b>{ $count }</b> { $count ->
    [one] reacción
   *[other] reacciones
}{ $delta }
stats-reactions-per-post = { $value } por publicación
stats-reactions-total = ❤️ { $count } { $count ->
    [one] reacción
   *[other] reacciones
}
stats-no-change = sin cambios
stats-change-since = {" "}<i>{ $amount } desde el { $day }</i>
stats-audience-members = 👥 <b>{ $count }</b> { $count ->
    [one] miembro
   *[other] miembros
}{ $change }
stats-audience-subscribers = 👥 <b>{ $count }</b> { $count ->
    [one] suscriptor
   *[other] suscriptores
}{ $change }
stats-native-title = 📡 Estadísticas de Telegram ({ $date }):
stats-native-line = {"   "}{ $label }: <b>{ $value }</b>{ $delta }
stats-native-followers = Seguidores
stats-native-viewsPerPost = Vistas por publicación
stats-native-sharesPerPost = Compartidos por publicación
stats-native-reactionsPerPost = Reacciones por publicación
stats-native-members = Miembros
stats-native-messages = Mensajes
stats-native-viewers = Espectadores
stats-native-posters = Autores
stats-native-notificationsEnabledPct = Notificaciones activadas (%)
stats-busiest-hours = 🕒 horas más activas: { $hours }
stats-empty-line = {""}
stats-top-line = { $rank }. { $name } — { $count } ({ $share })
stats-recorded-since = datos desde el { $day }
stats-partial-so-far = { $interval ->
    [hour] esta hora hasta ahora
    [day] hoy hasta ahora
    [week] esta semana hasta ahora
   *[month] este mes hasta ahora
}
stats-partial-single = { $interval ->
    [hour] una hora parcial
    [day] un día parcial
    [week] una semana parcial
   *[month] un mes parcial
}
stats-partial-several = { $interval ->
    [hour] horas parciales
    [day] días parciales
    [week] semanas parciales
   *[month] meses parciales
}
stats-partial-and-so-far = { $partial }, { $soFar }
stats-button-today = Hoy
stats-button-7d = 7 d
stats-button-30d = 30 d
stats-button-90d = 90 d
stats-button-365d = 1 año
stats-button-all = Todo
stats-button-selected = • { $label }
stats-chart-activity = 📈 Actividad
stats-chart-hours = 🕒 Horas
stats-chart-top = 🏆 Top
stats-chart-kinds = 🧩 Tipos
stats-chart-reactions = ❤️ Reacciones
stats-unknown-chat = No tengo registros de ese chat. Añádeme (como administrador) y empezaré a contar.
stats-nothing-recorded = Aún no hay nada registrado aquí: cuento los mensajes desde que me añadieron. Vuelve después de algo de conversación.
stats-privacy-mode = El modo de privacidad de Telegram me oculta los mensajes de este grupo, así que aún no puedo contarlos. Hazme administrador del grupo (no hacen falta permisos especiales) o desactiva el modo de privacidad de @{ $bot } en @BotFather (/setprivacy → Disable), y luego sácame y vuelve a añadirme.
stats-no-admin-chats = No veo ningún chat que administres. Añádeme a tu grupo o canal como administrador y usa /{ $command } allí o aquí.
stats-which-chat = ¿Qué chat?
stats-only-admins = Solo los administradores de ese chat pueden ver sus estadísticas aquí.
stats-button-invalid = Este botón no es válido.
stats-view-expired = Esta vista ha caducado. Envía /stats de nuevo.
stats-button-other-chat = Este botón no pertenece a este chat.
stats-already-showing = Ya se muestra eso.
stats-nothing-to-show = No hay nada que mostrar.
stats-member-opted-out = Ese miembro se excluyó de las estadísticas de Pulse, así que no muestro sus números.
stats-unknown-member = No he visto escribir aquí a { $username }. Revisa cómo se escribe o responde a uno de sus mensajes con /stats.
stats-one-member = Un miembro cada vez: /stats @nombre, con un periodo si quieres (/stats @nombre 30d).
