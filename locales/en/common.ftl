# Texts shared by every feature.
error-generic = Sorry, that didn't work. The error has been logged; please try again in a minute.
button-expired = This button no longer works. Send the command again.
