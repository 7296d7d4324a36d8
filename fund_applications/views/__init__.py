"""Pages of the Stadtteilfonds for residents: no login, private links."""
