# Importación de una exportación de Telegram Desktop enviada al bot en privado (src/bot/features/import.ts).
import-how-to-export = Para exportar un chat como JSON en Telegram Desktop: abre el chat → menú ⋮ → <b>Exportar historial del chat</b> → <b>Formato: JSON legible por máquina</b>; desmarca fotos, vídeos, archivos y demás multimedia (no los necesito y hacen enorme la exportación) → <b>Exportar</b>. Después envíame el <code>result.json</code> que guarda.
import-not-export-html = Eso es una exportación HTML (el formato por defecto de Telegram Desktop), pensada para leer. Solo puedo importar el formato JSON.
import-not-export-archive = Eso es un archivo comprimido. No sé descomprimir: envíame el <code>result.json</code> de la exportación directamente.
import-not-export-named = No puedo importar «{ $name }»: importo exportaciones de chats de Telegram Desktop en formato JSON (<code>result.json</code>).
import-not-export-unnamed = No puedo importar ese archivo: importo exportaciones de chats de Telegram Desktop en formato JSON (<code>result.json</code>).
import-too-big = Ese archivo ocupa { $size }; aquí acepto exportaciones de hasta { $limit }. Para las más grandes, ejecuta `npm run import -- result.json` en el servidor.
import-busy = Todavía tienes una importación en cola o en curso. Envía el siguiente archivo cuando termine.
import-button-expired = Este botón ha caducado: envía el archivo de nuevo.
import-button-not-yours = Solo quien envió esta exportación puede cambiar cómo se lee.
import-button-busy = Todavía tienes una importación en cola o en curso: inténtalo cuando termine.
import-button-rereading = Leyendo de nuevo la exportación en { $zone }…
import-downloading = 📥 Descargando la exportación…
import-importing = 📥 Importando…
import-progress = 📥 Importando… { $count ->
    [one] { $count } mensaje hasta ahora
   *[other] { $count } mensajes hasta ahora
  }
import-rereading = 📥 Leyendo de nuevo la exportación en <b>{ $zone }</b>…
import-queued = ⏳ Hay otras importaciones en curso. { $ahead ->
    [0] La tuya es la siguiente
    [one] Hay { $ahead } importación delante de la tuya
   *[other] Hay { $ahead } importaciones delante de la tuya
  }; empezará sola cuando quede un hueco libre (mientras tanto puedes seguir usando el bot).

# Cómo terminó
import-stopped = Pulse se está deteniendo, así que esta importación se ha parado.
import-failed = La importación ha fallado; el error ha quedado registrado.
import-kept-parts = Las partes ya importadas se conservan, y al enviar el archivo de nuevo solo se añade lo que falta.
import-rejected-nothing-stored = No se ha guardado nada de la parte rechazada.
import-rezone-unchanged = No ha cambiado nada: los mensajes siguen leídos en <b>{ $zone }</b>, no en { $wanted }.
import-rezone-retry = Pulsa una zona abajo para intentarlo de nuevo.
import-rezone-after-restart = Estos botones dejan de funcionar cuando Pulse se reinicia; envía el archivo de nuevo más tarde para importar lo que falte.
import-rezone-expired = Estos botones han caducado.
import-not-admin = «{ $name }» ({ $chatId }) no es un chat en el que yo esté y tú seas administrador, así que no puedo importarlo. Primero añádeme como administrador.
import-no-longer-admin = Ya no eres administrador del chat { $chatId }, así que no puedo importar en él.
import-download-no-path = Telegram no me ha dejado descargar ese archivo; envíalo de nuevo.
import-download-failed = No se pudo descargar el archivo (HTTP { $status }).

# El resumen
import-summary-chats = ✅ Importado: { $chats }
import-summary-no-chats = ✅ No se ha importado ningún grupo ni canal
import-summary-messages = 💬 { $imported ->
    [one] { $imported } mensaje nuevo
   *[other] { $imported } mensajes nuevos
  } · { $present } ya estaban
import-summary-events = 👥 { $events ->
    [one] { $events } entrada o salida
   *[other] { $events } entradas y salidas
  } · ❤️ { $reactions ->
    [one] { $reactions } estado de reacciones
   *[other] { $reactions } estados de reacciones
  }
import-summary-skipped = ⏭ omitido: { $list }
import-summary-invalid-some = ⚠️ Los primeros { $shown } de los { $total } mensajes omitidos, y por qué:
import-summary-invalid-all = ⚠️ Omitido, y por qué:
import-summary-zone-chosen = 🕐 Horas leídas en <b>{ $zone }</b>, como elegiste.
import-summary-zone-chosen-moved = 🕐 Horas leídas en <b>{ $zone }</b>, como elegiste; { $moved ->
    [one] se ha movido { $moved } mensaje de la lectura anterior
   *[other] se han movido { $moved } mensajes de la lectura anterior
  }.
import-summary-zone-assumed = 🕐 Esta exportación la hizo un Telegram Desktop antiguo: sus horas son las del reloj del ordenador que la hizo, sin zona horaria. Las he leído como <b>{ $zone }</b> ({ $from ->
    [chat] la zona horaria de este chat
   *[default] la zona horaria que este Pulse usa por defecto
  }).
import-summary-zone-offer = Si ese ordenador tenía otra zona, elígela abajo: leeré el archivo de nuevo en esa zona y moveré estos mensajes.

# Lo omitido, contado
import-skip-invalid = { $count ->
    [one] { $count } mensaje con campos no válidos
   *[other] { $count } mensajes con campos no válidos
  }
import-skip-unsupported = { $count ->
    [one] { $count } mensaje no compatible
   *[other] { $count } mensajes no compatibles
  }
import-skip-message-type = { $count ->
    [one] { $count } mensaje de tipo { $type }
   *[other] { $count } mensajes de tipo { $type }
  }
import-skip-service-without-user = { $count ->
    [one] { $count } acción de servicio sin id de usuario
   *[other] { $count } acciones de servicio sin id de usuario
  }
import-skip-member-by-name = { $count ->
    [one] { $count } miembro indicado por nombre sin id de usuario conocido
   *[other] { $count } miembros indicados por nombre sin id de usuario conocido
  }
import-skip-chat = { $count ->
    [one] { $count } mensaje
   *[other] { $count } mensajes
  } { $kind ->
    [personal] de un chat personal
    [bot] de un chat con un bot
    [saved] de Mensajes guardados
    [replies] del chat Respuestas
    [codes] de un chat de códigos de verificación
   *[other] de un chat de tipo { $type }
  }
import-skip-other = { $count } × { $reason }

# Notas sobre todo el archivo
import-warning-repaired = { $count ->
    [one] Se ha reparado { $count } carácter de control sin escapar dentro de cadenas (JSON no válido que escriben algunas versiones de Telegram Desktop); se ha leído como el carácter que representa.
   *[other] Se han reparado { $count } caracteres de control sin escapar dentro de cadenas (JSON no válido que escriben algunas versiones de Telegram Desktop); se han leído como los caracteres que representan.
  }
import-warning-migrated = Chat { $chatId }: { $count ->
    [one] { $count } mensaje viene del grupo básico desde el que se migró; la exportación no nombra ese grupo, así que se guarda en este supergrupo con su id de la exportación (un número negativo).
   *[other] { $count } mensajes vienen del grupo básico desde el que se migró; la exportación no nombra ese grupo, así que se guardan en este supergrupo con sus ids de la exportación (números negativos).
  }

# Una exportación dañada: el problema y dónde está
import-error-located = { $problem } ({ $where })
import-error-where-line-column = línea { $line }, columna { $column }
import-error-where-line = línea { $line }
import-error-where-byte = byte { $byte }
import-error-empty = el archivo está vacío
import-error-whitespace = el archivo solo contiene espacios en blanco
import-error-truncated = fin de archivo inesperado: la exportación está cortada (quizá Telegram Desktop aún la estaba escribiendo, o la copia está incompleta)
import-error-value-too-large = un solo valor ocupa más de { $megabytes } MB: probablemente el archivo está dañado (un corchete o una cadena sin cerrar)
import-error-not-export = no es una exportación de Telegram Desktop: se esperaba "messages" (exportación de un chat) o "chats" (exportación de toda una cuenta) en el objeto de nivel superior
import-error-header-order = el "type" y el "id" del chat deben ir antes de sus "messages" (Telegram Desktop los escribe primero)
import-error-chat-id = se esperaba un id de chat numérico positivo de hasta { $max }, se encontró { $found }
import-error-chat-type = se esperaba una cadena con el tipo de chat, se encontró { $found }
import-error-chat-id-range = un id de { $type } es como máximo { $max } (el mayor id que Telegram da a esos chats), se encontró { $found }
import-error-json = JSON no válido: { $detail }
import-error-field = campo no válido: { $detail }
