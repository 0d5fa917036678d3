"""Sign-in and roles in the app: the signed-in identity, the sign-in form, operator settings."""
