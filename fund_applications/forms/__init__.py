"""Forms of the applicant's pages: the application form, and what the status link asks.
They validate only; services write."""
