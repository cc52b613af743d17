# /influence: top influencers and the interaction network.
influence-title = 🌐 <b>Top influencers</b> · <b>{ $title }</b>
influence-none = No replies, reactions or forwards between members recorded yet.
influence-foot = <i>score = 2 × replies + reactions + 3 × forwards + 5 × people who interacted; 📣 a chat or channel. All time, as of { $asOf } (rebuilt daily).</i>
influence-as-of-time = { $time } { $timezone }
influence-last-build = the last build
influence-replies = { $n ->
    [one] { $n } reply
   *[other] { $n } replies
}
influence-reactions = { $n ->
    [one] { $n } reaction
   *[other] { $n } reactions
}
influence-forwards = { $n ->
    [one] { $n } forward
   *[other] { $n } forwards
}
influence-people = { $n ->
    [one] { $n } person
   *[other] { $n } people
}
influence-line-0 = { $rank }. { $name }{ $chat } — <b>{ $score }</b>
influence-line-1 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 }
influence-line-2 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 } · { $p1 }
influence-line-3 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 } · { $p1 } · { $p2 }
influence-line-4 = { $rank }. { $name }{ $chat } — <b>{ $score }</b> · { $p0 } · { $p1 } · { $p2 } · { $p3 }
influence-chart-subtitle = Who replies to and reacts to whom · all time, as of { $asOf }
influence-chart-empty = No replies or reactions between members yet
influence-not-built = The influence network is built once a day, at 03:00 UTC, and its first build hasn't run yet. Try /influence again after it.
influence-which-chat = Influence in which chat?
influence-only-admins = Only that chat's administrators can see its influence network here.
