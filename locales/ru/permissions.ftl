# Кто что может видеть.
permissions-admin-check-unavailable = Telegram сейчас не ответил, администратор ли вы; попробуйте ещё раз через минуту.
