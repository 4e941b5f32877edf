"""allauth's and Django's own strings that a member reads on our pages, worded our way.

Our catalogue (LOCALE_PATHS) wins over the catalogues of Django and of the apps, so an entry
there with the same msgid replaces their wording: 你 and not 您, 電子郵件 and not 電子信箱
(django.contrib.auth's "Email"), 「此欄位為必填。」 and not 「這個欄位是必須的。」, "E-mail" as the
rest of the English interface writes it. accounts/tests/test_words.py checks that each entry
wins. Marking the strings here keeps them in our catalogue when it is extracted again; nothing
imports this module.

The pages and e-mails of allauth are our own templates (templates/account/, socialaccount/),
so only what allauth says from Python is listed: form labels and placeholders, and the errors
of its adapters.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# allauth's form labels and placeholders (allauth/account/forms.py, fields.py).
ALLAUTH_FORMS = [
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Password"),
    gettext_noop("Password (again)"),
    gettext_noop("Remember Me"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("You must type the same password each time."),
]

# allauth's errors (DefaultAccountAdapter.error_messages) a member can meet with our settings.
ALLAUTH_ERRORS = [
    gettext_noop("This account is currently inactive."),
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("This email address is already associated with this account."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("A user is already registered with this email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("Incorrect password."),
    gettext_noop("Invalid or expired key."),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("The email address is not assigned to any user account."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("The new value must be different from the current one."),
    gettext_noop("Be patient, you are sending too many requests."),
]

# allauth's errors on the page of linked accounts (DefaultSocialAccountAdapter.error_messages):
# it will not unlink LinkedIn when that is the last way to log in, or to get back in.
ALLAUTH_SOCIALACCOUNT_ERRORS = [
    gettext_noop("Your account has no password set up."),
    gettext_noop("Your account has no verified email address."),
]

# Django's form and field errors (django/forms/fields.py, django/core/validators.py).
DJANGO_FORMS = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("This field cannot be blank."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "max",
    ),
]

# Django's password rules (django/contrib/auth/password_validation.py).
DJANGO_PASSWORDS = [
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
]
