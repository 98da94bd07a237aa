"""Small shared pieces that every app may use and that import no app:
the work queue's item type and its discovery, and the content-free
"something waits for you" e-mail."""
