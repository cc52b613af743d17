# Textos comunes a todas las funciones.
error-generic = Lo siento, no ha funcionado. El error ha quedado registrado; inténtalo de nuevo en un minuto.
button-expired = Este botón ya no funciona. Envía el comando de nuevo.
