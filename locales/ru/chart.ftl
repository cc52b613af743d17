# Слова на графиках статистики.
chart-untitled = Чат Telegram
chart-no-messages = За этот период сообщений нет
chart-no-posts = За этот период постов нет
chart-no-reactions = За этот период реакций нет
chart-reaction-paid = ⭐ платные
chart-reaction-custom = свои эмодзи
chart-kind-text = Текст
chart-kind-photo = Фото
chart-kind-video = Видео
chart-kind-animation = GIF
chart-kind-voice = Голосовое
chart-kind-video-note = Видеосообщение
chart-kind-audio = Аудио
chart-kind-document = Файл
chart-kind-sticker = Стикер
chart-kind-poll = Опрос
chart-kind-location = Геопозиция
chart-kind-venue = Место
chart-kind-contact = Контакт
chart-kind-dice = Кубик
chart-kind-game = Игра
chart-kind-story = История
chart-kind-paid-media = Платные медиа
chart-kind-giveaway = Розыгрыш
chart-kind-checklist = Список задач
chart-kind-service = Служебное
chart-kind-other = Другое
chart-kind-everything-else = Всё остальное
chart-top-footer-some = { $messages ->
    [one] { $messages } сообщение
    [few] { $messages } сообщения
    [many] { $messages } сообщений
   *[other] { $messages } сообщения
} от этих { $shown } из { $senders ->
    [one] { $senders } активного автора
    [few] { $senders } активных авторов
    [many] { $senders } активных авторов
   *[other] { $senders } активных авторов
}
chart-top-footer-share = {" "}· { $share } из всех { $total }
chart-top-footer-only = { $messages ->
    [one] { $messages } сообщение
    [few] { $messages } сообщения
    [many] { $messages } сообщений
   *[other] { $messages } сообщения
}, все от единственного активного автора
chart-top-footer-all = { $messages ->
    [one] { $messages } сообщение
    [few] { $messages } сообщения
    [many] { $messages } сообщений
   *[other] { $messages } сообщения
} от всех активных авторов ({ $senders })
chart-total-messages = Всего { $n ->
    [one] { $n } сообщение
    [few] { $n } сообщения
    [many] { $n } сообщений
   *[other] { $n } сообщения
}
chart-total-posts = Всего { $n ->
    [one] { $n } пост
    [few] { $n } поста
    [many] { $n } постов
   *[other] { $n } поста
}
chart-total-reactions = Всего { $n ->
    [one] { $n } реакция
    [few] { $n } реакции
    [many] { $n } реакций
   *[other] { $n } реакции
}
chart-total-messages-short = { $n ->
    [one] { $n } сообщение
    [few] { $n } сообщения
    [many] { $n } сообщений
   *[other] { $n } сообщения
}
chart-total-posts-short = { $n ->
    [one] { $n } пост
    [few] { $n } поста
    [many] { $n } постов
   *[other] { $n } поста
}
chart-reactions-footer-top = Топ-{ $shown } из { $kinds } реакций · всего { $total }
chart-timeline-footer = { $total } · { $interval ->
    [hour] самый активный час: { $label }
    [day] самый активный день: { $label }
    [week] самая активная неделя: с { $label }
    [month] самый активный месяц: { $label }
   *[other] пик: { $label }
} ({ $peak })
chart-partial-default = { $interval ->
    [hour] неполный час
    [day] неполный день
    [week] неполная неделя
    [month] неполный месяц
   *[other] неполный период
}
chart-partial-note = { $bars ->
    [one] светлый столбец: { $note }
    [few] светлые столбцы: { $note }
    [many] светлые столбцы: { $note }
   *[other] светлые столбцы: { $note }
}
chart-heatmap-footer = Пик: { $day } { $from }–{ $to } ({ $busiest }) · всего { $total }
chart-legend-messages = Сообщения
chart-legend-active-users = Активные авторы
chart-legend-posts = Посты
chart-axis-messages = сообщения
chart-axis-posts = посты
chart-axis-active-users = активные авторы
chart-axis-hour = час дня
chart-scale-fewer = меньше
chart-scale-more = больше
chart-network-person = человек
chart-network-chat = чат
chart-network-footer-top = { $shown } самых связанных из { $total } · стрелка: ответ или реакция · толще: чаще
chart-network-footer-all = все { $shown } · стрелка: ответ или реакция · толще: чаще
