"""The admin's sign-in is the site's sign-in: no second door without a brute-force limit."""

from django.urls import reverse

BLOCKED = "Too many failed attempts to log in"  # our wording (accounts/words.py)


def site_login(client, email, password, ip="10.1.0.1"):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_admin_login_sends_to_the_sites_sign_in(client, staff):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response["Location"]


def test_passwords_posted_to_the_admin_door_are_never_checked(client, staff):
    for _ in range(15):
        response = client.post(
            "/admin/login/", {"username": "mod@example.com", "password": "wrong"}
        )
        assert response.status_code == 302
    # Even the right password there signs nobody in: only the site's form does.
    client.post("/admin/login/", {"username": "mod@example.com", "password": "correct horse 42"})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_guesses_at_the_one_door_lock_the_moderator_out(client, staff):
    for _ in range(5):
        assert site_login(client, "mod@example.com", "wrong").status_code == 200
    response = site_login(client, "mod@example.com", "correct horse 42", ip="10.1.0.2")
    assert BLOCKED in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_moderator_signed_in_at_the_site_reaches_the_admin(client, staff):
    assert site_login(client, "mod@example.com", "correct horse 42").status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/").status_code == 302  # already in: on to the admin


def test_a_member_who_is_not_a_moderator_is_refused(client, alice):
    client.force_login(alice)
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/").status_code == 302
