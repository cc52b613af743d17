# /influence: los más influyentes y la red de interacciones.
influence-title = 🌐 <b>Los más influyentes</b> · <b>{ $title }</b>
influence-none = Aún no hay respuestas, reacciones ni reenvíos entre miembros.
influence-foot = <i>puntuación = 2 × respuestas + reacciones + 3 × reenvíos + 5 × personas que interactuaron; 📣 un chat o canal. Todo el tiempo, a fecha de { $asOf } (se recalcula cada día).</i>
influence-as-of-time = { $time } { $timezone }
influence-last-build = el último cálculo
influence-replies = { $n ->
    [one] { $n } respuesta
   *[other] { $n } respuestas
}
influence-reactions = { $n ->
    [one] { $n } reacción
   *[other] { $n } reacciones
}
influence-forwards = { $n ->
    [one] { $n } reenvío
   *[other] { $n } reenvíos
}
influence-people = { $n ->
    [one] { $n } persona
   *[other] { $n } personas
}
influence-line-0 = { $rank }. { $name }{ $chat } — <b>{ $score }</b>
influence-line-1 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 }
influence-line-2 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 } · { $p1 }
influence-line-3 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 } · { $p1 } · { $p2 }
influence-line-4 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 } · { $p1 } · { $p2 } · { $p3 }
influence-chart-subtitle = Quién responde y reacciona a quién · todo el tiempo, a fecha de { $asOf }
influence-chart-empty = Aún no hay respuestas ni reacciones entre miembros
influence-not-built = La red de influencia se calcula una vez al día, a las 03:00 UTC, y aún no se ha hecho el primer cálculo. Prueba /influence de nuevo después.
influence-which-chat = ¿Influencia en qué chat?
influence-only-admins = Solo los administradores de ese chat pueden ver aquí su red de influencia.
