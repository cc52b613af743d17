# Импорт экспорта Telegram Desktop, присланного боту в личные сообщения (src/bot/features/import.ts).
import-how-to-export = Чтобы экспортировать чат в JSON в Telegram Desktop: откройте чат → меню ⋮ → <b>Экспорт истории чата</b> → <b>Формат: машиночитаемый JSON</b>; снимите галочки с фото, видео, файлов и прочих медиа (они мне не нужны, а экспорт с ними огромный) → <b>Экспортировать</b>. Затем пришлите мне сохранённый файл <code>result.json</code>.
import-not-export-html = Это экспорт в HTML (формат Telegram Desktop по умолчанию), он сделан для чтения. Я умею импортировать только формат JSON.
import-not-export-archive = Это архив. Распаковывать архивы я не умею: пришлите сам файл экспорта <code>result.json</code>.
import-not-export-named = Не могу импортировать «{ $name }»: я импортирую экспорты чатов Telegram Desktop в формате JSON (<code>result.json</code>).
import-not-export-unnamed = Не могу импортировать этот файл: я импортирую экспорты чатов Telegram Desktop в формате JSON (<code>result.json</code>).
import-too-big = Размер файла — { $size }; здесь я принимаю экспорты до { $limit }. Большие файлы импортируйте на сервере командой `npm run import -- result.json`.
import-busy = Ваш импорт ещё ждёт в очереди или выполняется. Пришлите следующий файл, когда он закончится.
import-button-expired = Срок действия кнопки истёк: пришлите файл ещё раз.
import-button-not-yours = Менять то, как прочитан экспорт, может только тот, кто его прислал.
import-button-busy = Ваш импорт ещё ждёт в очереди или выполняется: попробуйте, когда он закончится.
import-button-rereading = Читаю экспорт заново в поясе { $zone }…
import-downloading = 📥 Скачиваю экспорт…
import-importing = 📥 Импортирую…
import-progress = 📥 Импортирую… { $count ->
    [one] пока { $count } сообщение
    [few] пока { $count } сообщения
    [many] пока { $count } сообщений
   *[other] пока { $count } сообщения
  }
import-rereading = 📥 Читаю экспорт заново в поясе <b>{ $zone }</b>…
import-queued = ⏳ Сейчас идут другие импорты. { $ahead ->
    [0] Ваш следующий
    [one] Перед вашим { $ahead } импорт
    [few] Перед вашим { $ahead } импорта
    [many] Перед вашим { $ahead } импортов
   *[other] Перед вашим { $ahead } импорта
  }; он начнётся сам, когда освободится место (ботом можно пользоваться и пока ждёте).

# Чем закончилось
import-stopped = Pulse останавливается, поэтому импорт прерван.
import-failed = Импорт не удался; ошибка записана в журнал.
import-kept-parts = Уже импортированные части сохранены, а повторная отправка файла добавит только недостающее.
import-rejected-nothing-stored = Из отклонённой части ничего не сохранено.
import-rezone-unchanged = Ничего не изменилось: сообщения по-прежнему прочитаны в поясе <b>{ $zone }</b>, а не { $wanted }.
import-rezone-retry = Нажмите пояс ниже, чтобы попробовать ещё раз.
import-rezone-after-restart = Эти кнопки перестанут работать после перезапуска Pulse; позже пришлите файл ещё раз, чтобы импортировать недостающее.
import-rezone-expired = Срок действия этих кнопок истёк.
import-not-admin = «{ $name }» ({ $chatId }) — не чат, где есть я и где вы администратор, поэтому импортировать его я не могу. Сначала добавьте меня туда администратором.
import-no-longer-admin = Вы больше не администратор чата { $chatId }, поэтому импортировать в него я не могу.
import-download-no-path = Telegram не дал мне скачать этот файл; пришлите его ещё раз.
import-download-failed = Не удалось скачать файл (HTTP { $status }).

# Итог
import-summary-chats = ✅ Импортировано: { $chats }
import-summary-no-chats = ✅ Ни одной группы или канала не импортировано
import-summary-messages = 💬 { $imported ->
    [one] { $imported } новое сообщение
    [few] { $imported } новых сообщения
    [many] { $imported } новых сообщений
   *[other] { $imported } новых сообщения
  } · { $present } уже было
import-summary-events = 👥 { $events ->
    [one] { $events } вход или выход
    [few] { $events } входа и выхода
    [many] { $events } входов и выходов
   *[other] { $events } входа и выхода
  } · ❤️ { $reactions ->
    [one] { $reactions } состояние реакций
    [few] { $reactions } состояния реакций
    [many] { $reactions } состояний реакций
   *[other] { $reactions } состояния реакций
  }
import-summary-skipped = ⏭ пропущено: { $list }
import-summary-invalid-some = ⚠️ Первые { $shown } из { $total } пропущенных сообщений и причины:
import-summary-invalid-all = ⚠️ Пропущено, и почему:
import-summary-zone-chosen = 🕐 Время прочитано в поясе <b>{ $zone }</b>, как вы выбрали.
import-summary-zone-chosen-moved = 🕐 Время прочитано в поясе <b>{ $zone }</b>, как вы выбрали; { $moved ->
    [one] { $moved } сообщение прежнего прочтения перенесено
    [few] { $moved } сообщения прежнего прочтения перенесены
    [many] { $moved } сообщений прежнего прочтения перенесены
   *[other] { $moved } сообщения прежнего прочтения перенесены
  }.
import-summary-zone-assumed = 🕐 Этот экспорт сделан старой версией Telegram Desktop: время в нём — по часам компьютера, без часового пояса. Я прочитал его в поясе <b>{ $zone }</b> ({ $from ->
    [chat] часовой пояс этого чата
   *[default] часовой пояс, который этот Pulse использует по умолчанию
  }).
import-summary-zone-offer = Если на том компьютере был другой пояс, выберите его ниже: я прочитаю файл заново в этом поясе и перенесу эти сообщения.

# Что пропущено
import-skip-invalid = { $count ->
    [one] { $count } сообщение с неверными полями
    [few] { $count } сообщения с неверными полями
    [many] { $count } сообщений с неверными полями
   *[other] { $count } сообщения с неверными полями
  }
import-skip-unsupported = { $count ->
    [one] { $count } неподдерживаемое сообщение
    [few] { $count } неподдерживаемых сообщения
    [many] { $count } неподдерживаемых сообщений
   *[other] { $count } неподдерживаемых сообщения
  }
import-skip-message-type = { $count ->
    [one] { $count } сообщение типа { $type }
    [few] { $count } сообщения типа { $type }
    [many] { $count } сообщений типа { $type }
   *[other] { $count } сообщения типа { $type }
  }
import-skip-service-without-user = { $count ->
    [one] { $count } служебное действие без id пользователя
    [few] { $count } служебных действия без id пользователя
    [many] { $count } служебных действий без id пользователя
   *[other] { $count } служебных действия без id пользователя
  }
import-skip-member-by-name = { $count ->
    [one] { $count } участник, указанный по имени без известного id
    [few] { $count } участника, указанных по имени без известного id
    [many] { $count } участников, указанных по имени без известного id
   *[other] { $count } участника, указанных по имени без известного id
  }
import-skip-chat = { $count ->
    [one] { $count } сообщение
    [few] { $count } сообщения
    [many] { $count } сообщений
   *[other] { $count } сообщения
  } { $kind ->
    [personal] из личного чата
    [bot] из чата с ботом
    [saved] из «Избранного»
    [replies] из чата «Ответы»
    [codes] из чата с кодами подтверждения
   *[other] из чата типа { $type }
  }
import-skip-other = { $count } × { $reason }

# Замечания ко всему файлу
import-warning-repaired = { $count ->
    [one] Исправлен { $count } управляющий символ внутри строк (некорректный JSON, который пишут некоторые версии Telegram Desktop); он прочитан как символ, который обозначает.
    [few] Исправлено { $count } управляющих символа внутри строк (некорректный JSON, который пишут некоторые версии Telegram Desktop); они прочитаны как символы, которые обозначают.
    [many] Исправлено { $count } управляющих символов внутри строк (некорректный JSON, который пишут некоторые версии Telegram Desktop); они прочитаны как символы, которые обозначают.
   *[other] Исправлено { $count } управляющих символа внутри строк (некорректный JSON, который пишут некоторые версии Telegram Desktop); они прочитаны как символы, которые обозначают.
  }
import-warning-migrated = Чат { $chatId }: { $count ->
    [one] { $count } сообщение пришло
    [few] { $count } сообщения пришли
    [many] { $count } сообщений пришли
   *[other] { $count } сообщения пришли
  } из обычной группы, из которой чат был преобразован; экспорт не называет ту группу, поэтому они сохранены в этой супергруппе со своими id из экспорта (отрицательными числами).

# Повреждённый экспорт: что не так и где
import-error-located = { $problem } ({ $where })
import-error-where-line-column = строка { $line }, столбец { $column }
import-error-where-line = строка { $line }
import-error-where-byte = байт { $byte }
import-error-empty = файл пуст
import-error-whitespace = в файле одни пробелы
import-error-truncated = файл неожиданно закончился: экспорт обрезан (возможно, Telegram Desktop ещё записывал его или копия неполная)
import-error-value-too-large = одно значение больше { $megabytes } МБ: файл, вероятно, повреждён (незакрытая скобка или строка)
import-error-not-export = это не экспорт Telegram Desktop: в объекте верхнего уровня ожидается "messages" (экспорт одного чата) или "chats" (экспорт всего аккаунта)
import-error-header-order = "type" и "id" чата должны идти перед его "messages" (Telegram Desktop пишет их первыми)
import-error-chat-id = ожидался положительный числовой id чата не больше { $max }, найдено { $found }
import-error-chat-type = ожидалась строка с типом чата, найдено { $found }
import-error-chat-id-range = id чата типа { $type } не больше { $max } (самый большой id, который Telegram даёт таким чатам), найдено { $found }
import-error-json = некорректный JSON: { $detail }
import-error-field = неверное поле: { $detail }
