# Periods of the statistics commands, as people read them, and what is wrong with one typed.
period-today = Today
period-yesterday = Yesterday
period-last-days = { $days ->
    [one] Last day
   *[other] Last { $days } days
}
period-all = All time
period-day = { $day }
period-range = { $from } – { $to }
period-error-unknown = Unknown period "{ $input }". Use today, yesterday, 7d, 30d, 90d, 365d, all, a date (2026-03-01) or a range (2026-03-01..2026-03-31).
period-error-invalid-date = { $day } is not a valid date (expected YYYY-MM-DD).
period-error-too-early = Dates before { $earliest } are not supported: Telegram launched that day.
period-error-reversed = The range starts ({ $from }) after it ends ({ $to }).
period-error-future = { $day } is in the future (today is { $today } in { $timezone }).
period-error-too-long = That range is { $span } days; the longest is { $max } days (one calendar year, e.g. 2024-01-01..2024-12-31).
