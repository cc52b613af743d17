# A command sent in private that only works in groups.
unhandled-groups-only = El comando /{ $command } funciona en grupos: envíalo en tu grupo, donde soy administrador. /help muestra lo que funciona aquí en privado.
# Anything else sent in private: an unknown command, a text, a sticker.
unhandled-private = Eso no lo conozco. /help muestra lo que puedo hacer aquí; una exportación de Telegram Desktop (result.json) enviada aquí se importa.
