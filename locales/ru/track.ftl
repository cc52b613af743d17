# /track и /untrack: за чем следит пользовательская сессия (src/bot/features/track.ts), и что
# сообщает сборщик пользовательской сессии, когда не может (src/collectors/mtproto).
track-not-configured = Для слежения нужен сборщик пользовательской сессии Pulse, а он не запущен. Администратор сервера задаёт TG_API_ID и TG_API_HASH, выполняет `npm run login` и перезапускает Pulse (см. docs/mtproto.md).
track-usage =
    Как пользоваться:
    /track @channel — следить за публичным каналом или группой
    /track https://t.me/name, t.me/c/1234567890/5 или -1001234567890 — то же по ссылке или id
    /track в группе — следить за этой группой
    /untrack … — перестать следить (собранные данные остаются)
track-not-allowed = Это могут делать только администраторы чата или владельцы Pulse.
track-invite-owners-only = Следить за чатами по ссылке-приглашению могут только владельцы Pulse (аккаунт при этом вступает в чат).
track-not-admin = Менять то, за чем Pulse следит в этом чате, могут только администраторы чата или владельцы Pulse.
track-cannot-check = Я не могу проверить ваши права администратора в том чате (меня в нём нет). Добавьте меня в чат администратором или попросите одного из владельцев Pulse.
track-stopped = Больше не слежу за { $name }. Собранное остаётся; /track продолжит загрузку истории с того места, где она остановилась.
track-not-followed = За этим чатом я не слежу.
track-already = Уже слежу за { $name }.
track-now = Теперь слежу за { $name } — это { $kind ->
    [group] группа
    [supergroup] супергруппа
   *[channel] канал
  } ({ $chatId }).
track-members = Участников: { $count }.
track-linked = Его группа обсуждений ({ $chatId }) тоже отслеживается, так что комментарии учитываются.
track-backfill-note = История загружается с безопасной для аккаунта скоростью запросов (начнётся в течение 10 минут); просмотры, пересылки, комментарии и реакции опрашиваются каждый час.
track-list-empty = Пока ни за чем не слежу.
track-list-title = { $count ->
    [one] Слежу за { $count } чатом:
    [few] Слежу за { $count } чатами:
    [many] Слежу за { $count } чатами:
   *[other] Слежу за { $count } чата:
  }
track-list-item = • { $name }{ $linked ->
    [yes] {" "}(группа обсуждений)
   *[no] {""}
  } ({ $kind ->
    [group] группа
    [supergroup] супергруппа
   *[channel] канал
  }, { $chatId }) — { $complete ->
    [yes] история загружена полностью
   *[no] { $messages ->
        [one] история: пока { $messages } сообщение
        [few] история: пока { $messages } сообщения
        [many] история: пока { $messages } сообщений
       *[other] история: пока { $messages } сообщения
    }
  }
track-list-unreadable = { $item } — недоступен: { $error }
track-list-unknown-error = причина неизвестна

# Что пользовательская сессия не смогла сделать
track-peer-usage = Пришлите @username, ссылку t.me (t.me/name, t.me/c/1234567890/5, t.me/+invite) или id чата вида -1001234567890.
track-error-which-chat = Какой чат? { track-peer-usage }
track-error-bad-username = «{ $text }» — не допустимое имя пользователя Telegram (5–32 латинские буквы, цифры или _). { track-peer-usage }
track-error-not-a-chat = «{ $text }» не указывает на чат Telegram. { track-peer-usage }
track-error-not-chat-id = «{ $text }» — не id чата. { track-peer-usage }
track-error-bad-link = «{ $text }» — некорректная ссылка. { track-peer-usage }
track-error-not-chat-link = «{ $text }» — не ссылка на чат Telegram. { track-peer-usage }
track-error-not-telegram-link = «{ $text }» — не ссылка Telegram. { track-peer-usage }
track-error-not-telegram-host = { $host } — не Telegram: на чаты указывают только ссылки t.me, telegram.me и telegram.dog. { track-peer-usage }
track-error-link-no-chat = Эта ссылка не указывает ни на какой чат. { track-peer-usage }
track-error-bad-invite = «{ $text }» — некорректная ссылка-приглашение.
track-error-bad-c-link = «{ $text }» — некорректная ссылка t.me/c/: ожидается t.me/c/<id канала>/<сообщение>.
track-error-not-chat-path = Ссылки t.me/{ $path }/… ведут не на чаты. { track-peer-usage }
track-error-private = «{ $title }» закрыт для аккаунта Pulse, или аккаунт там заблокирован.
track-error-left = Аккаунта Pulse больше нет в группе «{ $title }».
track-error-upgraded = «{ $title }» преобразована в супергруппу ({ $chatId }): следите за ней.
track-error-deactivated = Группа «{ $title }» деактивирована.
track-error-no-such-username = Чата с именем @{ $username } в Telegram нет.
track-error-user-not-chat = @{ $username } — пользователь или бот, а не группа или канал: Pulse следит за чатами.
track-error-not-returned = Telegram не вернул чат @{ $username }; попробуйте позже.
track-error-id-is-user = Этот id принадлежит пользователю, а не группе или каналу: Pulse следит за чатами.
track-error-not-member-no-username = Аккаунт Pulse не состоит в чате { $chatId }, а у чата нет публичного имени. Добавьте аккаунт в чат (или пришлите его @username или ссылку-приглашение) и попробуйте снова.
track-error-invite-expired = Срок действия ссылки-приглашения истёк, или её отозвали.
track-error-invite-invalid = Ссылка-приглашение недействительна.
track-error-invite-owner-only = Аккаунт Pulse не состоит в этом чате. Вступить по ссылке-приглашению аккаунт могут заставить только владельцы Pulse.
track-error-join-requested = Для аккаунта отправлена заявка на вступление; снова добавьте чат в отслеживаемые, когда администратор её одобрит.
track-error-already-member = Аккаунт уже состоит в чате; пришлите вместо ссылки id чата.
track-error-too-many-chats = Аккаунт состоит в слишком многих чатах, чтобы вступить ещё в один.
track-error-joined-unknown = Аккаунт вступил, но Telegram не сообщил, в какой чат; пришлите id чата.
track-error-private-id = Чат { $chatId } закрыт для аккаунта Pulse ({ $name }): сначала добавьте аккаунт в чат.
track-error-cannot-address = Аккаунт не может обратиться к чату { $chatId } ({ $name }); пришлите его @username или ссылку.
track-error-not-running = Сборщик MTProto не запущен.
track-error-unreachable = Не удалось связаться с Telegram (сеть, файрвол или прокси?); ничего не отправлено.
track-error-session-revoked = Telegram больше не принимает сессию аккаунта ({ $reason }): сбор через аккаунт остановлен. Снова выполните `npm run login` и перезапустите Pulse; бот тем временем продолжает работать.
track-error-api-credentials = Telegram отклонил TG_API_ID / TG_API_HASH ({ $reason }): скопируйте оба заново с https://my.telegram.org → API development tools.
track-error-flood-wait = Telegram попросил аккаунт подождать { $seconds } с перед повторным вызовом { $method }; задача отложена до { $until } вместо повторов.
track-error-quota = Дневная квота «{ $kind }» ({ $limit }) исчерпана; она обновится { $resetsAt } (в 00:00 UTC).
track-error-other = Ошибка: { $detail }

# Уведомления владельцам Pulse о пользовательской сессии
track-notice-revoked = ⚠️ Pulse: Telegram больше не принимает пользовательскую сессию ({ $reason }). Сбор истории, просмотров и реакций остановлен; бот продолжает работать. Выполните `npm run login` на сервере и перезапустите Pulse, чтобы возобновить сбор.
track-notice-parked = ⏸ Pulse: Telegram попросил аккаунт подождать { $seconds } с ({ $method }). Задача { $job } отложена до { $until } и после этого продолжится сама.
track-notice-session-refused = ⚠️ Pulse: пользовательская сессия отклонена: { $detail }
track-notice-start-failed = ⚠️ Pulse: сборщик MTProto не смог запуститься: { $detail }
track-notice-start-failed-running = ⚠️ Pulse: сборщик MTProto не смог запуститься ({ $detail }); бот продолжает работать.
