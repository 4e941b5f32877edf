from django.urls import path

from referrals.views import channels, email_decisions, health, inbox, seeker

app_name = "referrals"

urlpatterns = [
    # Seeker side: "My requests".
    path("ask/<int:channel_pk>/", seeker.ask, name="ask"),
    path("my-requests/", seeker.my_requests, name="my_requests"),
    path("my-requests/<int:pk>/", seeker.my_request, name="my_request"),
    path("my-requests/<int:pk>/answer/", seeker.answer, name="answer"),
    path("my-requests/<int:pk>/withdraw/", seeker.withdraw, name="withdraw"),
    path("my-requests/<int:pk>/outcome/", seeker.report_outcome, name="outcome"),
    path("my-requests/<int:pk>/thank/", seeker.thank, name="thank"),
    path("my-requests/<int:pk>/resend/<int:channel_pk>/", seeker.resend, name="resend"),
    # Referrer side: "Referral inbox".
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/", inbox.inbox_request, name="inbox_request"),
    path("inbox/<int:pk>/resume/", inbox.inbox_resume, name="inbox_resume"),
    path("inbox/<int:pk>/refer/", inbox.refer, name="refer"),
    path("inbox/<int:pk>/need-info/", inbox.ask_for_info, name="ask_for_info"),
    path("inbox/<int:pk>/decline/", inbox.decline, name="decline"),
    # From an e-mail's personal link, not signed in (referrals.decision_links): the link moves
    # its token into a cookie of the screen's path and goes there. The fixed paths come first.
    path("from-email/decide/<int:pk>/", email_decisions.decide, name="email_decide"),
    path(
        "from-email/decide/<int:pk>/resume/",
        email_decisions.decide_resume,
        name="email_decide_resume",
    ),
    path("from-email/decide/<int:pk>/refer/", email_decisions.decide_refer, name="email_refer"),
    path(
        "from-email/decide/<int:pk>/need-info/",
        email_decisions.decide_ask_for_info,
        name="email_ask_for_info",
    ),
    path(
        "from-email/decide/<int:pk>/decline/", email_decisions.decide_decline, name="email_decline"
    ),
    path(
        "from-email/decide/<int:pk>/<str:token>/",
        email_decisions.decide_link,
        name="email_decide_link",
    ),
    path("from-email/answer/<int:pk>/", email_decisions.answer, name="email_answer"),
    path(
        "from-email/answer/<int:pk>/send/",
        email_decisions.answer_send,
        name="email_answer_send",
    ),
    path(
        "from-email/answer/<int:pk>/<str:token>/",
        email_decisions.answer_link,
        name="email_answer_link",
    ),
    # Becoming a referrer.
    path("referrer/", channels.channel_list, name="channels"),
    path("referrer/new/", channels.channel_choose_company, name="channel_choose_company"),
    path("referrer/new/<slug:slug>/", channels.channel_create, name="channel_create"),
    path("referrer/<int:pk>/edit/", channels.channel_edit, name="channel_edit"),
    path("referrer/<int:pk>/delete/", channels.channel_remove, name="channel_delete"),
    path("referrer/<int:pk>/verify/", channels.channel_verify, name="channel_verify"),
    # A referrer's impact: what their help came to.
    path("referrer/impact/", channels.impact, name="impact"),
    path("referrer/<int:pk>/impact/", channels.impact, name="channel_impact"),
    # Moderators: community health.
    path("moderators/health/", health.dashboard, name="health"),
    path("moderators/health/figures.csv", health.dashboard_csv, name="health_csv"),
    path("moderators/health/companies/<slug:slug>/", health.dashboard, name="health_company"),
    path(
        "moderators/health/companies/<slug:slug>/figures.csv",
        health.dashboard_csv,
        name="health_company_csv",
    ),
]
