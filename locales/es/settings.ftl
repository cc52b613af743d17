# /settings: los administradores de un chat cambian sus ajustes con los botones de un mensaje.
settings-title = ⚙️ Ajustes de <b>{ $chat }</b>
settings-timezone = Zona horaria: { $zone }
settings-language = Idioma: { $language }
settings-language-each = el de cada persona
settings-recap-on = Resumen semanal: { $weekday } a las { $hour }
settings-recap-off = Resumen semanal: desactivado
settings-access-everyone = Comandos de estadísticas: todos
settings-access-admins = Comandos de estadísticas: solo administradores
settings-charts-chat = Gráficos: en el chat
settings-charts-private = Gráficos: en privado a quien los pida

settings-button-timezone = 🕒 Zona horaria
settings-button-language = 🌐 Idioma
settings-button-recap-on = ▶️ Activar el resumen
settings-button-recap-off = ⏸ Desactivar el resumen
settings-button-schedule = 📅 Día y hora del resumen
settings-button-access-admins = 🔒 Estadísticas: solo admins
settings-button-access-everyone = 🔓 Estadísticas: todos
settings-button-charts-private = 📩 Gráficos: en privado
settings-button-charts-chat = 💬 Gráficos: en el chat
settings-button-done = ✅ Listo
settings-button-back = ⬅️ Atrás
settings-button-timezone-type = ⌨️ Escribir otra zona
settings-button-language-each = El de cada persona

settings-pick-chat = ¿Ajustes de qué chat?
settings-no-chats = No veo ningún chat que administres. Añádeme a tu grupo o canal y usa /settings allí o aquí.
settings-not-admin = Solo los administradores de este chat pueden cambiar sus ajustes.
settings-not-admin-button = Solo los administradores del chat pueden cambiar sus ajustes.
settings-wrong-chat = Este botón no pertenece a este chat.
settings-chat-unknown = Todavía no he guardado este chat. Envía /settings de nuevo en un momento.
settings-saved = Ajustes guardados.

settings-timezone-prompt = Responde a este mensaje con el nombre de la zona horaria, por ejemplo Europe/Madrid, America/Mexico_City o America/Bogota.
settings-timezone-prompt-named = { $name }, responde a este mensaje con el nombre de la zona horaria, por ejemplo Europe/Madrid, America/Mexico_City o America/Bogota.
settings-timezone-invalid = «{ $input }» no es una zona horaria que conozca. Responde otra vez a mi pregunta con un nombre de la lista IANA, como Europe/Madrid o America/Argentina/Buenos_Aires (Región/Ciudad, en inglés): https://en.wikipedia.org/wiki/List_of_tz_database_time_zones
settings-timezone-unchanged = La zona horaria ya es { $zone }.
settings-timezone-changed = Zona horaria: { $zone }. Estoy recontando las estadísticas diarias en ella y avisaré cuando termine.
settings-timezone-done = ✅ Las estadísticas diarias de { $chat } ya se cuentan en { $zone }.
settings-timezone-failed = ⚠️ La zona horaria de { $chat } es { $zone }, pero no se pudieron recontar sus estadísticas diarias en ella. Elige la zona otra vez para reintentarlo.

settings-stats-admins-only = En este chat, solo los administradores pueden pedir estadísticas.
settings-charts-start-bot = Los gráficos de este chat se envían en privado, pero aún no puedo escribirte: abre @{ $bot }, pulsa Iniciar y vuelve a pedirlo.
settings-charts-sent-privately = Te he enviado el gráfico en privado.

settings-command-groups = Ajustes del chat: zona horaria, idioma, resumen, quién ve estadísticas (admins)
settings-command-private = Ajustes de un chat que administras
settings-help-groups = /settings — zona horaria, idioma, resumen semanal, quién puede pedir estadísticas y adónde van los gráficos (administradores)
settings-help-private = /settings — los ajustes de un chat que administras: zona horaria, idioma, resumen semanal, acceso a estadísticas, gráficos
