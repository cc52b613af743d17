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
alerts-text-threshold = <b>{ $chat }</b>: { $metric } está en { $value } (tu regla: { $op } { $limit }).
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

# /alerts
alerts-describe-anomaly = { $metric } fuera de lo normal
alerts-describe-threshold = { $metric } { $op } { $value }
alerts-describe-silence = Silencio durante { $hours ->
    [one] una hora
   *[other] { $hours } horas
} cuando el chat suele estar activo
alerts-describe-viral = Publicaciones virales ({ $ratio }× lo habitual del canal, de nuevo a { $escalate }×)
alerts-hours = { $n ->
    [one] { $n } hora
   *[other] { $n } horas
}
alerts-minutes = { $n ->
    [one] { $n } minuto
   *[other] { $n } minutos
}
alerts-panel-title = 🔔 <b>Avisos de { $chat }</b>
alerts-bot-left = Ya no estoy en este chat, así que sus reglas no se evalúan. Vuelve a añadirme para reanudarlas.
alerts-none = Aún no hay reglas. Añade una con los botones o escribe, por ejemplo, /alerts add activity-spike.
alerts-rule-line = { $paused ->
    [yes] ⏸
   *[no] ▶️
} <b>n.º { $id }</b> { $name } · { $severity } · pausa de { $cooldown } tras un aviso
alerts-severity-info = informativo
alerts-severity-warning = advertencia
alerts-severity-critical = crítico
alerts-you-subscribed = Recibes estos avisos por mensaje privado.
alerts-you-not-subscribed = Aún no recibes estos avisos: pulsa «Enviármelos».
alerts-btn-pause = ⏸ n.º { $id }
alerts-btn-resume = ▶️ n.º { $id }
alerts-btn-test = 🧪 n.º { $id }
alerts-btn-delete = 🗑 n.º { $id }
alerts-preset-activity-spike = + Pico de actividad
alerts-preset-joins-spike = + Pico de entradas
alerts-preset-leaves-spike = + Pico de salidas
alerts-preset-silence = + Silencio
alerts-preset-viral-post = + Publicación viral
alerts-btn-on = 🔔 Enviármelos
alerts-btn-off = 🔕 No enviármelos
alerts-btn-history = 📜 Historial
alerts-btn-back = ← Volver
alerts-only-admins = Solo los administradores del chat pueden ver o cambiar sus avisos.
alerts-unknown-chat = Aún no conozco ese chat. Añádeme primero.
alerts-viral-channels-only = Los avisos de publicaciones virales son para canales seguidos con la sesión de usuario.
alerts-too-many = Un chat puede tener como máximo { $max } reglas. Borra una primero.
alerts-created = ✅ Regla <b>n.º { $id }</b>: { $name } ({ $severity }, pausa de { $cooldown } tras un aviso). Los administradores la reciben tras /alerts on.
alerts-no-such-rule = Este chat no tiene la regla n.º { $id }.
alerts-test-sent = Te he enviado un aviso de prueba por privado.
alerts-start-me-first = Aún no puedo escribirte: abre un chat privado con @{ $bot }, pulsa Iniciar y vuelve a intentarlo.
alerts-history-empty = Aún no hay avisos en { $chat }.
alerts-history-title = 📜 <b>Avisos recientes en { $chat }</b>
alerts-history-line = { $when } · { $status } · regla n.º { $rule } · valor { $value }
alerts-status-fired = disparado
alerts-status-escalated = agravado
alerts-status-resolved = de vuelta a la normalidad
alerts-status-suppressed = retenido (pausa)
alerts-status-test = prueba
alerts-need-rule-id = ¿Qué regla? Envía /alerts { $action } y su número, por ejemplo /alerts { $action } 3.
alerts-paused = Regla n.º { $id } en pausa.
alerts-resumed = Regla n.º { $id } reanudada.
alerts-deleted = Regla n.º { $id } borrada.
alerts-on-done = Recibirás los avisos de este chat por mensaje privado. Si aún no lo has hecho, abre un chat con @{ $bot } y pulsa Iniciar.
alerts-off-done = Ya no recibirás los avisos de este chat.
alerts-usage = Uso:
    /alerts — las reglas y los botones
    /alerts add activity-spike | joins-spike | leaves-spike | silence | viral-post [info|warning|critical] [cooldown=6h]
    /alerts add threshold messages_per_hour &gt; 500
    /alerts pause 3 · /alerts resume 3 · /alerts delete 3 · /alerts test 3
    /alerts history · /alerts on · /alerts off
    /alerts quiet 23:00-08:00 [Europe/Madrid] · /alerts quiet off
alerts-no-admin-chats = No administras ningún chat en el que yo esté. Añádeme a un grupo como administrador y vuelve a enviar /alerts aquí.
alerts-which-chat = ¿Los avisos de qué chat?
alerts-choose-severity = { $name } en <b>{ $chat }</b>: ¿qué gravedad tiene?
alerts-error-usage = ¿Qué aviso? Opciones: { $presets }.
alerts-error-unknown-preset = No existe la opción «{ $name }». Opciones: { $presets }.
alerts-error-threshold-usage = Escribe un límite así: /alerts add threshold messages_per_hour &gt; 500 (comparaciones: &gt;, &gt;=, &lt;, &lt;=).
alerts-error-unknown-metric = Métrica desconocida «{ $metric }». Métricas: { $metrics }.
alerts-error-bad-number = «{ $value }» no es un número.
alerts-error-negative = Un límite no puede ser negativo.
alerts-error-cooldown = La pausa debe estar entre 1 minuto y 7 días.
alerts-error-duration = «{ $value }» no es una duración: escribe por ejemplo 30m, 6h o 1d.
alerts-error-silence-hours = El silencio se puede vigilar entre 1 y 24 horas.
alerts-error-unknown-option = No entiendo «{ $option }».
alerts-command-private = Avisos de un chat que administras: picos, silencio, publicaciones virales
alerts-command-groups = Avisos por privado a los administradores: /alerts, /alerts add, /alerts on (admins)
alerts-help-groups = /alerts — avisos por privado a los administradores del chat: picos de actividad o de entradas, silencio, publicaciones virales, límites; /alerts on para recibirlos (admins)
alerts-help-private = /alerts — los avisos de un chat que administras
alerts-quiet-usage = Escribe tus horas de silencio así: /alerts quiet 23:00-08:00 (con zona horaria si quieres: /alerts quiet 23:00-08:00 Europe/Madrid), o /alerts quiet off.
alerts-quiet-whole-day = Las horas de silencio no pueden ocupar todo el día: no recibirías nada. Usa /alerts off en su lugar.
alerts-quiet-bad-zone = «{ $zone }» no es una zona horaria. Usa un nombre como Europe/Madrid o America/Mexico_City.
alerts-quiet-set = 🌙 Horas de silencio { $from }–{ $to } ({ $zone }): los avisos de ese tiempo esperan y recibes un resumen al terminar.
alerts-quiet-off = Horas de silencio desactivadas: los avisos llegan en el momento.
alerts-error-active-below = Los miembros activos de hoy empiezan desde cero cada medianoche, así que «menos de» saltaría cada noche. Usa > o >= con esta métrica.
alerts-sent-private = Te he enviado los avisos de este chat por privado (solo los ven los administradores).
alerts-left-chat = Ya no estoy en <b>{ $chat }</b>, así que { $rules ->
    [one] su regla no se evalúa
   *[other] sus { $rules } reglas no se evalúan
}. Vuelve a añadirme para reanudarlas.
alerts-chart-value = Este chat
alerts-chart-typical = Rango habitual (mismas horas, 8 semanas)
alerts-chart-median = Habitual (mediana)
