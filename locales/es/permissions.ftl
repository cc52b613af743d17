# Quién puede ver qué.
permissions-admin-check-unavailable = Telegram no me ha dicho ahora si eres administrador; inténtalo de nuevo en un minuto.
