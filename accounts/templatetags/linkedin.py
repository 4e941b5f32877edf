from django import template

from accounts import linkedin

register = template.Library()


@register.simple_tag
def linkedin_login_url() -> str:
    """``{% linkedin_login_url as url %}``: where "Continue with LinkedIn" posts; empty while
    LinkedIn sign-in is off."""
    return linkedin.linkedin_login_url()


@register.filter
def linkedin_identity(account) -> dict:
    """``{{ account|linkedin_identity }}``: the name and address LinkedIn last gave for a linked
    account (read from what it sent, so the page needs no word from LinkedIn itself)."""
    data = account.extra_data or {}
    claims = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    return {"name": claims.get("name") or "", "email": claims.get("email") or ""}
