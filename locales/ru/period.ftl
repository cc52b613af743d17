# Периоды команд статистики и что не так с введённым периодом.
period-today = Сегодня
period-yesterday = Вчера
period-last-days = { $days ->
    [one] Последний { $days } день
    [few] Последние { $days } дня
    [many] Последние { $days } дней
   *[other] Последние { $days } дня
}
period-all = За всё время
period-day = { $day }
period-range = { $from } – { $to }
period-error-unknown = Неизвестный период «{ $input }». Используйте today, yesterday, 7d, 30d, 90d, 365d, all, дату (2026-03-01) или диапазон (2026-03-01..2026-03-31).
period-error-invalid-date = { $day } — не дата (ожидается ГГГГ-ММ-ДД).
period-error-too-early = Даты до { $earliest } не поддерживаются: в этот день запустили Telegram.
period-error-reversed = Диапазон начинается ({ $from }) позже, чем заканчивается ({ $to }).
period-error-future = { $day } ещё не наступило (сегодня { $today } в { $timezone }).
period-error-too-long = В этом диапазоне { $span ->
    [one] { $span } день
    [few] { $span } дня
    [many] { $span } дней
   *[other] { $span } дня
}; самый длинный — { $max } дней (один календарный год, например 2024-01-01..2024-12-31).
