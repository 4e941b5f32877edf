from django.urls import path

from referrals.views import channels, health, inbox, seeker

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
