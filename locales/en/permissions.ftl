# Who may see what.
permissions-admin-check-unavailable = Telegram didn't tell me whether you are an administrator just now; please try again in a minute.
