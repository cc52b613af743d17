# /recap a demanda, el informe PDF y las líneas del menú y de la ayuda.
commands-recap = Resumen semanal: /recap, /recap last, /recap 2026-11-02, /recap pdf
help-recap = /recap: la semana en curso hasta hoy como tarjeta; /recap last: la última semana completa; /recap 2026-11-02: la semana que contiene ese día; añade pdf para un informe PDF con los gráficos y la tabla de miembros. Los grupos reciben solos el resumen de la semana anterior cada semana (ver /settings).
recap-bot-bad-argument = No entiendo «{ $input }» aquí. Usa /recap (la semana en curso), /recap last, /recap 2026-11-02 (la semana de ese día) y añade pdf para el informe PDF.
recap-bot-bad-date = { $input } no es una fecha del calendario. Escríbela como año-mes-día, p. ej. /recap 2026-11-02.
recap-bot-future-week = La semana del { $range } aún no ha empezado. /recap muestra la semana en curso.
recap-bot-before-data = No tengo registros anteriores al { $first }, así que la semana del { $range } no tiene nada que resumir. Prueba una semana desde el { $first } o /recap last.
recap-bot-empty-week = No pasó nada en la semana del { $range }: ni mensajes, ni entradas, ni salidas.
recap-bot-no-admin-chats = No veo ningún chat que administres. Añádeme a tu grupo o canal como administrador y usa /recap allí o aquí.
recap-bot-pick-chat = ¿El resumen de qué chat?
recap-bot-not-admin = Solo los administradores de ese chat pueden ver su resumen aquí.
recap-bot-pdf-caption = Informe semanal · semana { $week } · { $range }
recap-pdf-subtitle = Semana { $week } · { $range }
recap-pdf-subtitle-partial = Semana { $week } · { $range } (hasta hoy)
recap-pdf-footer = Pulse · horas en { $timezone }
recap-pdf-page = Página { $page } de { $pages }
recap-pdf-week-heading = La semana: { $range }
recap-pdf-month-heading = { $days ->
    [one] El último día: { $range }
   *[other] Los últimos { $days } días: { $range }
}
recap-pdf-chart-activity = Mensajes y miembros activos
recap-pdf-chart-hours = Horas y días con más actividad
recap-pdf-chart-top = Miembros más activos
recap-pdf-members-heading = Miembros que escribieron esta semana ({ $n })
recap-pdf-col-member = Miembro
recap-pdf-col-messages = Mensajes
recap-pdf-col-active-days = Días activos
recap-pdf-col-replies = Respuestas
recap-pdf-col-media = Multimedia
recap-pdf-no-members = Nadie escribió esta semana.
# The /export workbook (src/render/xlsx.ts), sent beside the CSV files.
export-file-workbook = Libro XLSX: las tres tablas, una hoja cada una
export-workbook-button = 📊 Lo mismo en un libro XLSX
