# /optout, /optout delete y /optin (src/bot/features/optout.ts).
optout-anonymous = Estás publicando de forma anónima (como el grupo o un canal), así que no sé quién eres. Envía esto desde tu propia cuenta, o a mí por privado.
optout-usage = Envía /optout para dejar de ser contado, o /optout delete para borrar además lo que guardé sobre ti.
optout-done = Hecho: ya no te cuento, en ningún chat.
optout-done-name = • Tu nombre no aparece nunca: ni en clasificaciones, ni en /stats, gráficos, mensajes destacados o exportaciones.
optout-done-totals = • Tus mensajes siguen contando en los totales de cada chat, sin tu nombre.
optout-done-texts = • Desde ahora no guardo el texto de los mensajes que envíes.
optout-already = Ya te habías excluido; no ha cambiado nada.
optout-kept-hidden = • Lo que guardé antes (textos de mensajes, tus cifras pasadas) se conserva pero oculto. Para borrarlo, envía /optout delete.
optout-how-to-return = • Envía /optin para volver a ser contado.
optout-already-deleted = Ya te habías excluido; ahora también he borrado lo que guardé sobre ti.
optout-deleted = • Borrado: el texto de { $texts ->
    [one] { $texts } mensaje
   *[other] { $texts } mensajes
  } en { $chats ->
    [one] { $chats } chat
   *[other] { $chats } chats
  }, { $days ->
    [one] { $days } día
   *[other] { $days } días
  } de tus cifras diarias, y tu nombre.
optout-deleted-totals = • Los totales de los chats (cuántos mensajes tuvo un chat) quedan como estaban, sin tu nombre.
optout-deleted-return = • Envía /optin para volver a ser contado desde tu próximo mensaje; lo borrado sigue borrado.
optin-welcome-back = Bienvenido de nuevo: te cuento otra vez desde tu próximo mensaje, y tu nombre vuelve a aparecer cuando escribas. Lo que borraste sigue borrado.
optin-welcome-back-kept = Bienvenido de nuevo: te cuento otra vez desde tu próximo mensaje, y tu nombre y las cifras que guardé de antes vuelven a aparecer.
optin-not-opted-out = No te has excluido, así que ya te cuento. Envía /optout para dejar de ser contado.
