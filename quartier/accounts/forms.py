from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from offices.models import Office
from quartier.accounts.models import StaffMember
from quartier.accounts.roles import ROLE_CHOICES, ROLES_WITH_OFFICES, role_of


class StaffMemberForm(forms.ModelForm):
    """Name, email, role, offices (and on change: active). Never the raw permissions."""

    name = forms.CharField(label=_("Name"), max_length=300)
    role = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES, widget=forms.RadioSelect)
    offices = forms.ModelMultipleChoiceField(
        label=_("Partnerbüros"),
        queryset=Office.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Für das Büro-Team nötig: es sieht nur die Daten dieser Büros."),
    )
    current_user = None  # set per request by StaffMemberAdmin.get_form

    class Meta:
        model = StaffMember
        fields = ["email", "is_active"]
        labels = {"email": _("E-Mail-Adresse"), "is_active": _("Zugang aktiv")}
        help_texts = {
            "email": _("Dorthin geht die Einladung; sie ist auch der Benutzername."),
            "is_active": _(
                "Ohne Haken kann sich die Person nicht mehr anmelden. Ihre Einträge und der "
                "Verlauf bleiben erhalten; Sie können den Zugang später wieder aktivieren."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            self.fields["email"].required = True
        user = self.instance
        if user.pk:
            self.initial.setdefault("name", user.get_full_name())
            self.initial.setdefault("role", role_of(user))
            self.initial.setdefault("offices", [m.office_id for m in user.office_memberships.all()])

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if not self.instance.pk:
            User = get_user_model()
            if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
                raise forms.ValidationError(
                    _(
                        "Für diese Adresse gibt es schon einen Zugang. Suchen Sie sie in der "
                        "Liste; dort können Sie Rolle und Büros ändern oder die Einladung "
                        "noch einmal senden."
                    )
                )
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in ROLES_WITH_OFFICES and not cleaned.get("offices"):
            self.add_error(
                "offices",
                _(
                    "Bitte wählen Sie mindestens ein Partnerbüro: das Büro-Team sieht nur die "
                    "Daten seiner Büros."
                ),
            )
        me = self.current_user
        if me is not None and self.instance.pk == me.pk:
            if cleaned.get("is_active") is False:
                self.add_error(
                    "is_active", _("Ihren eigenen Zugang können Sie nicht deaktivieren.")
                )
            if role and role != role_of(me):
                self.add_error(
                    "role", _("Ihre eigene Rolle kann nur eine Kollegin oder ein Kollege ändern.")
                )
        return cleaned
