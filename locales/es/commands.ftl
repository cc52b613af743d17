# Menús de comandos (la lista de «/»), una descripción por comando y ámbito, y las respuestas
# del limitador de frecuencia. Las descripciones tienen como máximo 256 caracteres.
commands-start = Qué es Pulse y cómo añadirlo
commands-help = Cómo usar Pulse
commands-stats-private = Estadísticas de un chat que administras
commands-stats-groups = Estadísticas del chat: /stats [periodo] o /stats @usuario
commands-top = Miembros más activos: /top [periodo]
commands-activity = Horas y días de más actividad: /activity [periodo]
commands-me-private = Tu actividad en los grupos en los que escribes
commands-me-groups = Tus propias cifras en este chat
commands-influence-private = Miembros más influyentes y quién interactúa con quién en un chat que administras
commands-influence-groups = Miembros más influyentes y quién responde y reacciona a quién
commands-export-private = Exportación CSV de un chat que administras
commands-export-groups = Exportación CSV (administradores; se envía en privado)
commands-track-private = Seguir un canal o grupo: historial, vistas, reacciones
commands-track-groups = Seguir este chat con la sesión de usuario (administradores)
commands-untrack-private = Dejar de seguir un chat
commands-untrack-groups = Dejar de seguir un chat (administradores)
commands-optout = Dejar de contarme (/optout delete: borrar también mis datos)
commands-optin = Volver a contarme

rate-limit-user = Más despacio: has pedido demasiadas estadísticas en el último minuto. Inténtalo de nuevo en { $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    }.
rate-limit-chat = Más despacio: este chat ha pedido demasiadas estadísticas en el último minuto. Inténtalo de nuevo en { $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    }.
