# /influence: самые влиятельные участники и сеть взаимодействий.
influence-title = 🌐 <b>Самые влиятельные</b> · <b>{ $title }</b>
influence-none = Ответов, реакций и пересылок между участниками пока не записано.
influence-foot = <i>очки = 2 × ответы + реакции + 3 × пересылки + 5 × люди, которые взаимодействовали; 📣 чат или канал. За всё время, на { $asOf } (пересчитывается ежедневно).</i>
influence-as-of-time = { $time } { $timezone }
influence-last-build = последний пересчёт
influence-replies = { $n ->
    [one] { $n } ответ
    [few] { $n } ответа
    [many] { $n } ответов
   *[other] { $n } ответа
}
influence-reactions = { $n ->
    [one] { $n } реакция
    [few] { $n } реакции
    [many] { $n } реакций
   *[other] { $n } реакции
}
influence-forwards = { $n ->
    [one] { $n } пересылка
    [few] { $n } пересылки
    [many] { $n } пересылок
   *[other] { $n } пересылки
}
influence-people = { $n ->
    [one] { $n } человек
    [few] { $n } человека
    [many] { $n } человек
   *[other] { $n } человека
}
influence-line-0 = { $rank }. { $name }{ $chat } — <b>{ $score }</b>
influence-line-1 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 }
influence-line-2 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 } · { $p1 }
influence-line-3 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 } · { $p1 } · { $p2 }
influence-line-4 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 } · { $p1 } · { $p2 } · { $p3 }
influence-chart-subtitle = Кто кому отвечает и на чьи сообщения реагирует · за всё время, на { $asOf }
influence-chart-empty = Ответов и реакций между участниками пока нет
influence-not-built = Сеть влияния строится раз в день, в 03:00 UTC, и первый расчёт ещё не прошёл. Попробуйте /influence после него.
influence-which-chat = Влияние в каком чате?
influence-only-admins = Сеть влияния этого чата здесь видят только его администраторы.
