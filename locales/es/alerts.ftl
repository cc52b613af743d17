# Avisos a los administradores y el comando /alerts.
alerts-unit-messages_per_hour = { $n ->
    [one] mensaje
   *[other] mensajes
}
alerts-unit-joins_per_hour = { $n ->
    [one] entrada
   *[other] entradas
}
alerts-unit-leaves_per_hour = { $n ->
    [one] salida
   *[other] salidas
}
alerts-metric-messages_per_hour = mensajes por hora
alerts-metric-messages_per_day = mensajes por día
alerts-metric-active_members_per_day = miembros activos hoy
alerts-metric-joins_per_hour = entradas por hora
alerts-metric-joins_per_day = entradas por día
alerts-metric-leaves_per_hour = salidas por hora
alerts-metric-leaves_per_day = salidas por día
alerts-metric-post_views = visualizaciones de una publicación
alerts-text-anomaly = <b>{ $chat }</b>: { $ratio }× tu ritmo normal — { $value } { $unit } en la última hora frente a unos { $typical } habituales el { $when }.
alerts-text-threshold = <b>{ $chat }</b>: { $metric } llegó a { $value } (tu límite: { $limit }).
alerts-text-silence = <b>{ $chat }</b> lleva { $hours ->
    [one] una hora
   *[other] { $hours } horas
} en silencio; a esta hora ({ $when }) suele tener unos { $typical } mensajes en ese tiempo.
alerts-text-viral = <b>{ $chat }</b>: una publicación se está difundiendo — { $views } visualizaciones a las { $age } h, { $ratio }× lo habitual del canal ({ $typical }); { $rate } reenvíos por hora.
alerts-text-viral-escalated = <b>{ $chat }</b>: la publicación sigue difundiéndose — { $views } visualizaciones a las { $age } h, ya { $ratio }× lo habitual del canal ({ $typical }); { $rate } reenvíos por hora.
alerts-text-test = <b>{ $chat }</b>: así se verá el aviso de la regla n.º { $rule }.
alerts-test-banner = 🧪 Aviso de prueba
alerts-open-chat = Abrir el chat
alerts-open-post = Abrir la publicación
alerts-footer = Regla n.º { $rule } · /alerts para pausarla o cambiarla
alerts-summary = Mientras tenías horas de silencio: { $count ->
    [one] un aviso
   *[other] { $count } avisos
}.
alerts-start-me = { $names }: todavía no puedo enviarte avisos. Abre un chat privado conmigo y pulsa Iniciar.
