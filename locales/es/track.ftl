# /track y /untrack: lo que sigue la sesión de usuario (src/bot/features/track.ts), y lo que
# dice el recolector de la sesión de usuario cuando no puede (src/collectors/mtproto).
track-not-configured = El seguimiento necesita el recolector de sesión de usuario de Pulse, que no está en marcha. Quien opera el servidor define TG_API_ID y TG_API_HASH, ejecuta `npm run login` y reinicia Pulse (ver docs/mtproto.md).
track-usage =
    Uso:
    /track @canal — seguir un canal o grupo público
    /track https://t.me/nombre, t.me/c/1234567890/5 o -1001234567890 — lo mismo por enlace o id
    /track en un grupo — seguir ese grupo
    /untrack … — dejar de seguir (los datos recogidos se conservan)
track-not-allowed = Solo los administradores del chat o los propietarios de Pulse pueden hacer eso.
track-invite-owners-only = Solo los propietarios de Pulse pueden seguir chats por enlace de invitación (hace que la cuenta se una).
track-not-admin = Solo los administradores del chat o los propietarios de Pulse pueden cambiar lo que Pulse sigue allí.
track-cannot-check = No puedo comprobar tus permisos de administrador en ese chat (no estoy en él). Añádeme al chat como administrador, o pídeselo a uno de los propietarios de Pulse.
track-stopped = He dejado de seguir { $name }. Lo recogido se conserva; /track retoma la carga del historial donde se quedó.
track-not-followed = Ese chat no se está siguiendo.
track-already = Ya sigo { $name }.
track-now = Ahora sigo { $name }, { $kind ->
    [group] un grupo
    [supergroup] un supergrupo
   *[channel] un canal
  } ({ $chatId }).
track-members = Miembros: { $count }.
track-linked = Su grupo de debate ({ $chatId }) también se sigue, así que los comentarios cuentan.
track-backfill-note = El historial se carga al ritmo de peticiones seguro para la cuenta (empieza en menos de 10 minutos); las vistas, reenvíos, comentarios y reacciones se consultan cada hora.
track-list-empty = Todavía no se sigue nada.
track-list-title = { $count ->
    [one] Siguiendo { $count } chat:
   *[other] Siguiendo { $count } chats:
  }
track-list-item = • { $name }{ $linked ->
    [yes] {" "}(grupo de debate)
   *[no] {""}
  } ({ $kind ->
    [group] grupo
    [supergroup] supergrupo
   *[channel] canal
  }, { $chatId }) — { $complete ->
    [yes] historial completo
   *[no] { $messages ->
        [one] historial: { $messages } mensaje por ahora
       *[other] historial: { $messages } mensajes por ahora
    }
  }
track-list-unreadable = { $item } — no se puede leer: { $error }
track-list-unknown-error = motivo desconocido

# Lo que la sesión de usuario no pudo hacer
track-peer-usage = Envía @usuario, un enlace t.me (t.me/nombre, t.me/c/1234567890/5, t.me/+invitación) o un id de chat como -1001234567890.
track-error-which-chat = ¿Qué chat? { track-peer-usage }
track-error-bad-username = «{ $text }» no es un nombre de usuario de Telegram válido (5–32 letras, dígitos o _). { track-peer-usage }
track-error-not-a-chat = «{ $text }» no nombra un chat de Telegram. { track-peer-usage }
track-error-not-chat-id = «{ $text }» no es un id de chat. { track-peer-usage }
track-error-bad-link = «{ $text }» no es un enlace válido. { track-peer-usage }
track-error-not-chat-link = «{ $text }» no es un enlace a un chat de Telegram. { track-peer-usage }
track-error-not-telegram-link = «{ $text }» no es un enlace de Telegram. { track-peer-usage }
track-error-not-telegram-host = { $host } no es Telegram: solo los enlaces t.me, telegram.me y telegram.dog nombran chats. { track-peer-usage }
track-error-link-no-chat = Ese enlace no nombra ningún chat. { track-peer-usage }
track-error-bad-invite = «{ $text }» no es un enlace de invitación válido.
track-error-bad-c-link = «{ $text }» no es un enlace t.me/c/ válido: se esperaba t.me/c/<id del canal>/<mensaje>.
track-error-not-chat-path = Los enlaces t.me/{ $path }/… no son chats. { track-peer-usage }
track-error-private = «{ $title }» es privado para la cuenta de Pulse, o la cuenta fue expulsada.
track-error-left = La cuenta de Pulse ya no está en el grupo «{ $title }».
track-error-upgraded = «{ $title }» se convirtió en supergrupo ({ $chatId }): sigue ese.
track-error-deactivated = El grupo «{ $title }» fue desactivado.
track-error-no-such-username = Ningún chat de Telegram se llama @{ $username }.
track-error-user-not-chat = @{ $username } es un usuario o un bot, no un grupo ni un canal: Pulse sigue chats.
track-error-not-returned = Telegram no devolvió el chat @{ $username }; inténtalo más tarde.
track-error-id-is-user = Ese id pertenece a un usuario, no a un grupo ni a un canal: Pulse sigue chats.
track-error-not-member-no-username = La cuenta de Pulse no es miembro del chat { $chatId }, y el chat no tiene nombre de usuario público. Añade la cuenta al chat (o envía su @usuario o un enlace de invitación) y vuelve a intentarlo.
track-error-invite-expired = Ese enlace de invitación ha caducado o fue revocado.
track-error-invite-invalid = Ese enlace de invitación no es válido.
track-error-invite-owner-only = La cuenta de Pulse no es miembro de ese chat. Solo los propietarios de Pulse pueden hacer que la cuenta se una mediante un enlace de invitación.
track-error-join-requested = Se envió una solicitud para unir la cuenta; vuelve a seguir el chat cuando un administrador la apruebe.
track-error-already-member = La cuenta ya es miembro; envía el id del chat en su lugar.
track-error-too-many-chats = La cuenta está en demasiados chats para unirse a otro.
track-error-joined-unknown = La cuenta se unió, pero Telegram no dijo a qué chat; envía el id del chat.
track-error-private-id = El chat { $chatId } es privado para la cuenta de Pulse ({ $name }): primero añade la cuenta al chat.
track-error-cannot-address = La cuenta no puede acceder al chat { $chatId } ({ $name }); envía su @usuario o un enlace.
track-error-not-running = El recolector MTProto no está en marcha.
track-error-unreachable = No se pudo contactar con Telegram (¿red, cortafuegos o proxy?); no se envió nada.
track-error-session-revoked = Telegram ya no acepta la sesión de la cuenta ({ $reason }): la recogida a través de la cuenta se ha detenido. Ejecuta `npm run login` de nuevo y reinicia Pulse; mientras tanto el bot sigue funcionando.
track-error-api-credentials = Telegram rechazó TG_API_ID / TG_API_HASH ({ $reason }): vuelve a copiar ambos desde https://my.telegram.org → API development tools.
track-error-flood-wait = Telegram pidió a la cuenta esperar { $seconds } s antes de volver a llamar a { $method }; la tarea queda aparcada hasta { $until } en lugar de reintentar.
track-error-quota = La cuota diaria de { $kind } ({ $limit }) se ha agotado; se renueva el { $resetsAt } (00:00 UTC).
track-error-other = Error: { $detail }

# Avisos a los propietarios de Pulse sobre la sesión de usuario
track-notice-revoked = ⚠️ Pulse: Telegram ya no acepta la sesión de usuario ({ $reason }). La recogida de historial, vistas y reacciones se ha detenido; el bot sigue funcionando. Ejecuta `npm run login` en el servidor y reinicia Pulse para reanudarla.
track-notice-parked = ⏸ Pulse: Telegram pidió a la cuenta esperar { $seconds } s ({ $method }). La tarea { $job } queda aparcada hasta { $until } y se reanudará sola después.
track-notice-session-refused = ⚠️ Pulse: se rechazó la sesión de usuario: { $detail }
track-notice-start-failed = ⚠️ Pulse: el recolector MTProto no pudo arrancar: { $detail }
track-notice-start-failed-running = ⚠️ Pulse: el recolector MTProto no pudo arrancar ({ $detail }); el bot sigue funcionando.
