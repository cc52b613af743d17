# Los números de un miembro: /stats @usuario, /me.
member-title = 👤 <b>{ $name }</b> en <b>{ $chat }</b> · { $period }
member-never-seen = No hay mensajes suyos desde que Pulse empezó a registrar aquí.
member-no-messages = 💬 ningún mensaje en este periodo
member-messages = 💬 <b>{ $count }</b> { $count ->
    [one] mensaje
   *[other] mensajes
} · { $share } del chat · puesto <b>#{ $rank }</b> de { $senders }
member-days = 📅 { $active ->
    [one] { $active } día activo
   *[other] { $active } días activos
} · 🔥 racha de { $streak ->
    [one] { $streak } día
   *[other] { $streak } días
} (récord { $best ->
    [one] { $best } día
   *[other] { $best } días
})
member-interactions = ↩️ { $replies } { $replies ->
    [one] respuesta
   *[other] respuestas
} · 🖼 { $media } multimedia · ❤️ { $reactions } { $reactions ->
    [one] reacción recibida
   *[other] reacciones recibidas
}
member-seen = 🕐 visto por primera vez el { $first } · por última vez el { $last }
me-private-title = <b>Tú, últimos 30 días</b>
me-private-line = • <b>{ $chat }</b>: { $rank } · racha de { $streak ->
    [one] { $streak } día
   *[other] { $streak } días
} (récord { $best ->
    [one] { $best } día
   *[other] { $best } días
})
me-private-no-messages = ningún mensaje
me-private-rank = { $count } { $count ->
    [one] mensaje
   *[other] mensajes
}, #{ $rank } de { $senders }
me-anonymous = Escribes de forma anónima, así que no sé quién eres. Usa /me desde tu propia cuenta.
me-someone-else = /me solo muestra tus propios números. Para los de otra persona, envía /stats { $who }.
me-opted-out = Te excluiste, así que no te cuento y no tengo números tuyos que mostrar. Envía /optin para que vuelva a contarte.
me-never-wrote = Aún no te he visto escribir en ningún grupo en el que esté.
