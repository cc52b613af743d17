# /settings: администраторы чата меняют его настройки кнопками одного сообщения.
settings-title = ⚙️ Настройки чата <b>{ $chat }</b>
settings-timezone = Часовой пояс: { $zone }
settings-language = Язык: { $language }
settings-language-each = у каждого свой
settings-recap-on = Итоги недели: { $weekday }, { $hour }
settings-recap-off = Итоги недели: выключены
settings-access-everyone = Команды статистики: все
settings-access-admins = Команды статистики: только администраторы
settings-charts-chat = Графики: в чат
settings-charts-private = Графики: в личку тому, кто спросил

settings-button-timezone = 🕒 Часовой пояс
settings-button-language = 🌐 Язык
settings-button-recap-on = ▶️ Включить итоги
settings-button-recap-off = ⏸ Выключить итоги
settings-button-schedule = 📅 День и час итогов
settings-button-access-admins = 🔒 Статистика: только админы
settings-button-access-everyone = 🔓 Статистика: все
settings-button-charts-private = 📩 Графики: в личку
settings-button-charts-chat = 💬 Графики: в чат
settings-button-done = ✅ Готово
settings-button-back = ⬅️ Назад
settings-button-timezone-type = ⌨️ Ввести другой пояс
settings-button-language-each = У каждого свой

settings-pick-chat = Настройки какого чата?
settings-no-chats = Я не вижу чатов, где вы администратор. Добавьте меня в группу или канал и отправьте /settings там или здесь.
settings-not-admin = Менять настройки могут только администраторы этого чата.
settings-not-admin-button = Менять настройки могут только администраторы чата.
settings-wrong-chat = Эта кнопка не относится к этому чату.
settings-chat-unknown = Я ещё не сохранил этот чат. Отправьте /settings ещё раз чуть позже.
settings-saved = Настройки сохранены.

settings-timezone-prompt = Ответьте на это сообщение названием часового пояса, например Europe/Moscow, Asia/Yekaterinburg или Europe/Berlin.
settings-timezone-prompt-named = { $name }, ответьте на это сообщение названием часового пояса, например Europe/Moscow, Asia/Yekaterinburg или Europe/Berlin.
settings-timezone-invalid = «{ $input }» — не знакомый мне часовой пояс. Ответьте на мой вопрос ещё раз названием из списка IANA, например Europe/Moscow или Asia/Novosibirsk (Регион/Город, латиницей): https://en.wikipedia.org/wiki/List_of_tz_database_time_zones
settings-timezone-unchanged = Часовой пояс уже { $zone }.
settings-timezone-changed = Часовой пояс: { $zone }. Пересчитываю по нему дневную статистику и сообщу, когда закончу.
settings-timezone-done = ✅ Дневная статистика чата { $chat } теперь считается по поясу { $zone }.
settings-timezone-failed = ⚠️ Часовой пояс чата { $chat } — { $zone }, но пересчитать по нему дневную статистику не удалось. Выберите пояс ещё раз, чтобы повторить.

settings-stats-admins-only = В этом чате статистику могут запрашивать только администраторы.
settings-charts-start-bot = Графики этого чата отправляются в личку, но я пока не могу вам написать: откройте @{ $bot }, нажмите «Старт» и спросите ещё раз.
settings-charts-sent-privately = Отправил график вам в личку.

settings-command-groups = Настройки чата: пояс, язык, итоги, кто видит статистику (админы)
settings-command-private = Настройки чата, где вы администратор
settings-help-groups = /settings — часовой пояс, язык, итоги недели, кто может запрашивать статистику и куда отправлять графики (администраторы)
settings-help-private = /settings — настройки чата, где вы администратор: часовой пояс, язык, итоги недели, доступ к статистике, графики
