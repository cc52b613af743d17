# Lo que Pulse dice a un grupo cuando lo añaden o cambian sus permisos (src/bot/features/membership.ts).
membership-recording = ✅ Pulse está registrando la actividad de este grupo: mensajes, respuestas, multimedia, reacciones, entradas y salidas. No se cuenta nada anterior a este momento.
membership-privacy-hidden = 👋 Pulse está aquí, pero el modo de privacidad de Telegram me oculta los mensajes de este grupo, así que todavía no puedo contarlos.
membership-privacy-either = Para empezar a registrar, o bien:
membership-privacy-admin = • hazme <b>administrador</b> de este grupo (no hacen falta permisos especiales; además me deja contar las reacciones), o
membership-privacy-botfather = • desactiva el modo de privacidad de @{ $bot } en @BotFather (/setprivacy → Disable), y luego sácame del grupo y vuelve a añadirme.
