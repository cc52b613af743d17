# A command sent in private that only works in groups.
unhandled-groups-only = El comando /{ $command } funciona en grupos: envíalo en tu grupo, donde soy administrador. /help muestra lo que funciona aquí en privado.
