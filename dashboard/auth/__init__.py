"""Who the user is: sign-in (local accounts, or the operator's identity provider) and roles."""
