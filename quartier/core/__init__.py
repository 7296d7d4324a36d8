"""Shared infrastructure of the site: the clock, page cache, rate limits, honeypot, formatting,
Markdown and the mail outbox. A leaf: it imports no app of the project, every app may import it."""
