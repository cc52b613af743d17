# /recap on demand, the PDF report and the command's menu and help lines.
commands-recap = Weekly recap: /recap, /recap last, /recap 2026-11-02, /recap pdf
help-recap = /recap: this week so far as a recap card; /recap last: the last complete week; /recap 2026-11-02: the week holding that day; add pdf for a PDF report with the charts and the member table. Groups get the last week's recap by themselves every week (see /settings).
recap-bot-bad-argument = I don't know “{ $input }” here. Use /recap (this week so far), /recap last, /recap 2026-11-02 (the week holding that day), and add pdf for the PDF report.
recap-bot-bad-date = { $input } is not a date in the calendar. Write it as year-month-day, e.g. /recap 2026-11-02.
recap-bot-future-week = The week of { $range } has not begun yet. /recap shows this week so far.
recap-bot-before-data = I have no records before { $first }, so the week of { $range } has nothing to recap. Try a week from { $first } on, or /recap last.
recap-bot-empty-week = Nothing happened in the week of { $range }: no messages, joins or leaves to recap.
recap-bot-no-admin-chats = I don't see a chat you administer. Add me to your group or channel as an administrator, then use /recap there or here.
recap-bot-pick-chat = Which chat's recap?
recap-bot-not-admin = Only that chat's administrators can see its recap here.
recap-bot-pdf-caption = Recap report · week { $week } · { $range }
recap-pdf-subtitle = Week { $week } · { $range }
recap-pdf-subtitle-partial = Week { $week } · { $range } (so far)
recap-pdf-footer = Pulse · times in { $timezone }
recap-pdf-page = Page { $page } of { $pages }
recap-pdf-week-heading = The week: { $range }
recap-pdf-month-heading = { $days ->
    [one] The last day: { $range }
   *[other] The last { $days } days: { $range }
}
recap-pdf-chart-activity = Messages and active members
recap-pdf-chart-hours = Busiest hours and days
recap-pdf-chart-top = Most active members
recap-pdf-members-heading = Members who wrote this week ({ $n })
recap-pdf-col-member = Member
recap-pdf-col-messages = Messages
recap-pdf-col-active-days = Active days
recap-pdf-col-replies = Replies
recap-pdf-col-media = Media
recap-pdf-no-members = Nobody wrote this week.
# The /export workbook (src/render/xlsx.ts), sent beside the CSV files.
export-file-workbook = Workbook (XLSX): the three tables, a sheet each
export-workbook-button = 📊 The same as an XLSX workbook
