"""What a member of the fund team or the jury may see: one answer for admin, pages and exports."""


def sees_contact(user) -> bool:
    """Fund team and superusers; jury members never see names, addresses, email or phone."""
    return user.has_perm("fund_applications.view_applicant_contact")


def sees_all_applications(user) -> bool:
    return user.has_perm("fund_applications.view_all_applications")
