"""Admin pages the ModelAdmins cannot give: status changes with an email preview, payouts,
downloads, exports, the yearly statistic, the jury pack and the data-subject report.

Each function takes the ModelAdmin and returns the view, so permissions and querysets are the
admin's own (a jury member's queryset has no application they may not read)."""
