"""Every write of Anregungen und Ideen, one module per part of an idea's life: sending it,
the office's review and answers, status changes, supports, the way into the Stadtteilfonds,
and erasure."""
