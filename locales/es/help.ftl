# /start y /help. Las secciones y sus líneas de comandos se componen a partir de la tabla de
# comandos (src/bot/commands.ts); una línea por comando y ámbito.
help-intro = <b>Pulse</b>: analítica autoalojada para grupos y canales de Telegram.

    Registro la actividad de un chat a medida que ocurre (mensajes, respuestas, multimedia, reacciones, entradas y salidas) y respondo con cifras y gráficos.
help-setup-group = <b>Añádeme a un grupo</b>
    1. Abre el grupo → Añadir miembros → @{ $bot }.
    2. Hazme <b>administrador</b> (no hacen falta permisos especiales). Los administradores ven todos los mensajes y las reacciones; sin eso, el modo de privacidad de Telegram me oculta los mensajes de los miembros.
help-setup-channel = <b>Añádeme a un canal</b>: añádeme como administrador; registro las publicaciones y sus ediciones.
help-section-groups = <b>En un grupo</b>
help-section-private = <b>Aquí en privado</b>
help-section-anywhere = <b>En un grupo o aquí en privado</b>
help-section-anywhere-group = <b>Aquí o en un chat privado conmigo</b>
help-section-channels = <b>En un canal</b>
help-import = Envíame una exportación de Telegram Desktop (result.json) de un chat que administres e importaré su historial.
help-periods = Periodos: today, yesterday, 7d, 30d, 90d, 365d, all, una fecha (2026-03-01) o un intervalo (2026-03-01..2026-03-31).

help-stats-groups = /stats [periodo] — cifras y un gráfico; los botones cambian el periodo y el gráfico. /stats @usuario (o como respuesta) — un miembro
help-stats-private = /stats — estadísticas de un chat que administras: elígelo de la lista
help-top = /top [periodo] — miembros más activos
help-activity = /activity [periodo] — horas y días de más actividad
help-me-groups = /me [periodo] — tus propias cifras en este chat
help-me-private = /me — tus cifras en todos los grupos en los que escribes
help-influence-groups = /influence — miembros más influyentes y un gráfico de quién responde y reacciona a quién (se reconstruye a diario)
help-influence-private = /influence — lo mismo para un chat que administras
help-export-groups = /export [periodo] — archivos CSV, para administradores, enviados en privado
help-export-private = /export [periodo] — archivos CSV de un chat que administras
help-track = /track @canal, un enlace t.me o el id de un chat — seguir un chat con la sesión de usuario: historial, vistas, reacciones (administradores)
help-untrack = /untrack — dejar de seguir un chat; lo recogido se conserva
help-optout = /optout — dejo de contarte y nunca muestro tu nombre; tus mensajes solo cuentan en los totales del chat. /optout delete — borrar también los textos guardados de tus mensajes y tus cifras por día
help-optin = /optin — volver a contarme
