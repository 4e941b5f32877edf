"""What a kept page is keyed on and how it is stored (guanxi/kept_pages.py): values are
fingerprinted by their content, long pages are kept compressed."""

from django.core.cache import caches

from companies.models import Company
from guanxi.kept_pages import COMPRESS_ABOVE, fingerprint, keep_text, kept_text


def test_fingerprint_is_stable_and_tells_values_apart(db):
    acme = Company.objects.create(name_en="Acme", slug="acme")
    assert fingerprint(acme) == fingerprint(Company.objects.get(pk=acme.pk))
    assert fingerprint([1, "a"]) != fingerprint([1, "b"])
    assert fingerprint({1, 2}) == fingerprint({2, 1})
    assert fingerprint(None) != fingerprint("")


def test_any_change_to_a_row_changes_its_fingerprint(db):
    acme = Company.objects.create(name_en="Acme", slug="acme")
    before = fingerprint(acme)
    acme.active_referrer_count += 1
    assert fingerprint(acme) != before


def test_the_moment_of_the_last_sign_in_is_not_part_of_the_viewer(db, alice):
    before = fingerprint(alice)
    from django.utils import timezone

    alice.last_login = timezone.now()
    assert fingerprint(alice) == before
    alice.display_name = "Alice Wang"
    assert fingerprint(alice) != before


def test_a_long_page_is_kept_compressed_and_read_back_whole():
    text = "關係 Guanxi " * (COMPRESS_ABOVE // 5)
    keep_text("page:test", text)
    assert kept_text("page:test") == text
    stored = caches["fragments"].get("page:test")
    assert isinstance(stored, bytes) and len(stored) < len(text) // 4
