# Еженедельная сводка: карточка и подпись к ней.
recap-kicker = Итоги недели
recap-week-label = Неделя { $week } · { $range }
recap-so-far = пока
recap-messages = Сообщения
recap-posts = Посты
recap-change-up = ▲ { $percent } к прошлой неделе
recap-change-down = ▼ { $percent } к прошлой неделе
recap-change-flat = как на прошлой неделе
recap-change-new = новое
recap-change-new-hint = мало данных для сравнения
recap-active = Активные
recap-active-share = { $percent } из { $members }
recap-active-no-count = число участников неизвестно
recap-newcomers = Новички
recap-newcomers-detail = ушли: { $left } · итог { $net }
recap-reactions = Реакции
recap-replies = Ответы
recap-per-day = По дням
recap-busiest = Пиковый час: { $day } { $time }
recap-podium = Самые активные
recap-n-messages = { $n ->
    [one] { $n } сообщение
    [few] { $n } сообщения
    [many] { $n } сообщений
   *[other] { $n } сообщения
}
recap-n-posts = { $n ->
    [one] { $n } пост
    [few] { $n } поста
    [many] { $n } постов
   *[other] { $n } поста
}
recap-n-reactions = { $n ->
    [one] { $n } реакция
    [few] { $n } реакции
    [many] { $n } реакций
   *[other] { $n } реакции
}
recap-n-replies = { $n ->
    [one] { $n } ответ
    [few] { $n } ответа
    [many] { $n } ответов
   *[other] { $n } ответа
}
recap-n-views = { $n ->
    [one] { $n } просмотр
    [few] { $n } просмотра
    [many] { $n } просмотров
   *[other] { $n } просмотра
}
recap-n-active = { $n ->
    [one] { $n } активный участник
    [few] { $n } активных участника
    [many] { $n } активных участников
   *[other] { $n } активного участника
}
recap-newcomer = Новичок недели
recap-newcomer-joined = с нами с { $day }
recap-no-newcomer = Новички на этой неделе не писали
recap-most-reacted = Больше всего реакций
recap-most-replied = Больше всего ответов
recap-media = { $kind ->
    [photo] 📷 Фото
    [video] 🎬 Видео
    [animation] GIF
    [sticker] Стикер
    [voice] 🎤 Голосовое сообщение
    [video_note] Видеосообщение
    [audio] 🎵 Аудио
    [document] 📎 Файл
    [poll] 📊 Опрос
    [location] 📍 Геопозиция
   *[other] (без текста)
}
recap-trend = { $weeks ->
    [1] Эта неделя
    [one] Последняя { $weeks } неделя
    [few] Последние { $weeks } недели
   *[many] Последние { $weeks } недель
}
recap-week-short = Н{ $week }
recap-trend-messages = Сообщения
recap-trend-active = Активные участники
recap-trend-posts = Посты
recap-quiet-title = Тихая неделя
recap-quiet-body = { $n ->
    [one] За неделю { $n } сообщение. Так бывает: одного вопроса или приветствия хватит, чтобы разговор ожил.
    [few] За неделю всего { $n } сообщения. Так бывает: одного вопроса или приветствия хватит, чтобы разговор ожил.
    [many] За неделю всего { $n } сообщений. Так бывает: одного вопроса или приветствия хватит, чтобы разговор ожил.
   *[other] За неделю всего { $n } сообщения. Так бывает: одного вопроса или приветствия хватит, чтобы разговор ожил.
}
recap-footer = Сделано в Pulse
recap-channel-views = Просмотров на пост
recap-channel-forwards = Пересылки
recap-channel-err = ERR
recap-channel-err-hint = реакции и пересылки на просмотр
recap-channel-subscribers = Подписчики
recap-channel-top-post = Лучший пост
recap-not-measured = не измерено
recap-missing-user-session = Просмотры и пересылки читает пользовательская сессия, а она пока не следит за этим каналом.
recap-missing-subscribers = Около этой недели число подписчиков не записывалось.
# Подпись: HTML для Telegram; значения экранируются до подстановки.
recap-caption-head = <b>{ $title }</b>
recap-caption-week = Неделя { $week } · { $range }
recap-caption-change-new = новое
recap-caption-active-share = { $percent } участников
recap-caption-movement = 🌱 пришли: { $joined } · ушли: { $left }
recap-caption-podium = 🏆 { $names }
recap-caption-newcomer = 👋 Новичок недели: { $name }
recap-caption-reacted = ❤️ Больше всего реакций: { $snippet }
recap-caption-replied = 💬 Больше всего ответов: { $snippet }
recap-caption-top-post = ⭐ Лучший пост: { $snippet }
recap-caption-busiest = 🕘 Пиковый час: { $day } { $time }
recap-caption-quiet = Тихая неделя: спасибо всем, кто заглядывал.
recap-caption-open = открыть
recap-caption-views = 👁 { $n } просмотров на пост
recap-caption-forwards = 🔁 пересылок: { $n }
recap-caption-err = ERR { $percent }
recap-caption-subscribers = 👤 подписчики { $change }
recap-caption-missing = Просмотры и пересылки не измерены (нет пользовательской сессии).
