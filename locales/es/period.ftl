# Periodos de los comandos de estadísticas y qué falla en un periodo escrito.
period-today = Hoy
period-yesterday = Ayer
period-last-days = { $days ->
    [one] Último día
   *[other] Últimos { $days } días
}
period-all = Todo el tiempo
period-day = { $day }
period-range = { $from } – { $to }
period-error-unknown = Periodo desconocido «{ $input }». Usa today, yesterday, 7d, 30d, 90d, 365d, all, una fecha (2026-03-01) o un rango (2026-03-01..2026-03-31).
period-error-invalid-date = { $day } no es una fecha válida (se espera AAAA-MM-DD).
period-error-too-early = No se admiten fechas anteriores a { $earliest }: ese día se lanzó Telegram.
period-error-reversed = El rango empieza ({ $from }) después de terminar ({ $to }).
period-error-future = { $day } está en el futuro (hoy es { $today } en { $timezone }).
period-error-too-long = Ese rango tiene { $span } días; el máximo es { $max } días (un año natural, p. ej. 2024-01-01..2024-12-31).
