"""The job ID in a job link (referrals.job_ids): the shapes of each applicant-tracking system, as
their postings are linked, and links that must give nothing.

The same table is read by static/js/job-id.js in tests/browser/test_referral_packet.py, so the
ask form's live hint and the server agree on every link."""

import pytest

from referrals.job_ids import job_id_from_link

# (system, link, the job ID it names)
FOUND = [
    # Greenhouse
    ("greenhouse", "https://boards.greenhouse.io/stripe/jobs/5712345", "5712345"),
    ("greenhouse", "https://job-boards.greenhouse.io/anthropic/jobs/4012345008", "4012345008"),
    (
        "greenhouse",
        "https://job-boards.eu.greenhouse.io/deliveroo/jobs/6123456?gh_src=linkedin",
        "6123456",
    ),
    (
        "greenhouse",
        "https://boards.greenhouse.io/embed/job_app?for=airbnb&token=5523456",
        "5523456",
    ),
    ("greenhouse", "https://www.figma.com/careers/job/?gh_jid=4712345", "4712345"),
    ("greenhouse", "https://careers.airbnb.com/positions/5523456/?gh_jid=5523456", "5523456"),
    # Lever
    (
        "lever",
        "https://jobs.lever.co/netflix/3f1c2a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c",
        "3f1c2a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c",
    ),
    (
        "lever",
        "https://jobs.lever.co/palantir/0A1B2C3D-4E5F-4a6b-8c9d-0e1f2a3b4c5d/apply?lever-source=x",
        "0a1b2c3d-4e5f-4a6b-8c9d-0e1f2a3b4c5d",
    ),
    (
        "lever",
        "https://jobs.eu.lever.co/spotify/9b8a7c6d-5e4f-4321-a0b9-c8d7e6f5a4b3",
        "9b8a7c6d-5e4f-4321-a0b9-c8d7e6f5a4b3",
    ),
    # Workday
    (
        "workday",
        "https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternalCareerSite/job/"
        "US-CA-Santa-Clara/Senior-Software-Engineer_JR1983456",
        "JR1983456",
    ),
    (
        "workday",
        "https://workday.wd5.myworkdayjobs.com/Workday/job/USA-CA-Pleasanton/"
        "Software-Engineer_JR-0085123",
        "JR-0085123",
    ),
    (
        "workday",
        "https://adobe.wd5.myworkdayjobs.com/external_experienced/job/San-Jose/"
        "Machine-Learning-Engineer_R141234-1/apply",
        "R141234",
    ),
    (
        "workday",
        "https://wd3.myworkdaysite.com/en-US/recruiting/salesforce/External_Career_Site/job/"
        "Taipei/Account-Executive_JR212345?source=LinkedIn",
        "JR212345",
    ),
    # Ashby
    (
        "ashby",
        "https://jobs.ashbyhq.com/openai/7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    ),
    (
        "ashby",
        "https://jobs.ashbyhq.com/notion/16fd2706-8baf-433b-82eb-8c7fada847da/application",
        "16fd2706-8baf-433b-82eb-8c7fada847da",
    ),
    # SmartRecruiters
    (
        "smartrecruiters",
        "https://jobs.smartrecruiters.com/Visa/743999912345678-staff-software-engineer",
        "743999912345678",
    ),
    (
        "smartrecruiters",
        "https://jobs.smartrecruiters.com/BoschGroup/744000001234567-process-engineer-m-f-d-",
        "744000001234567",
    ),
    # iCIMS
    (
        "icims",
        "https://careers-tesla.icims.com/jobs/123456/software-engineer%2c-firmware/job",
        "123456",
    ),
    (
        "icims",
        "https://uscareers-amd.icims.com/jobs/45678/design-engineer/job?hub=7&mobile=false",
        "45678",
    ),
    # Careers pages: a number of the company's own
    (
        "careers",
        "https://careers.google.com/jobs/results/123456789012345678-software-engineer-iii/",
        "123456789012345678",
    ),
    (
        "careers",
        "https://www.google.com/about/careers/applications/jobs/results/"
        "98765432101234567-staff-software-engineer?location=Taipei",
        "98765432101234567",
    ),
    ("careers", "https://www.amazon.jobs/en/jobs/2712345/software-development-engineer", "2712345"),
    ("careers", "https://amazon.jobs/zh/jobs/2698765/sde-ii-aws", "2698765"),
    (
        "careers",
        "https://jobs.apple.com/en-us/details/200512345/ios-engineer?team=SFTWR",
        "200512345",
    ),
    ("careers", "https://www.metacareers.com/jobs/1234567890123456/", "1234567890123456"),
    (
        "careers",
        "https://jobs.careers.microsoft.com/global/en/job/1712345/Software-Engineer-II",
        "1712345",
    ),
    (
        "careers",
        "https://careers.tsmc.com/en_US/careers/JobDetail/Software-Engineer/12345",
        "12345",
    ),
    ("careers", "https://stripe.com/jobs/listing/backend-engineer/5712345", "5712345"),
    # Careers pages: a requisition (R-, JR) in the path or the query
    (
        "requisition",
        "https://careers.adobe.com/us/en/job/R141234/Machine-Learning-Engineer",
        "R141234",
    ),
    (
        "requisition",
        "https://jobs.intel.com/en/job/santa-clara/software-engineer/41147/JR0251234",
        "JR0251234",
    ),
    ("requisition", "https://careers.mediatek.com/eREC/JobSearch/JobDetail/R-123456", "R-123456"),
    ("requisition", "https://www.example.com/careers/apply?req=JR-0012345", "JR-0012345"),
    ("requisition", "https://careers.example.com/en/jobs/jr123456-data-scientist/", "JR123456"),
    # Careers pages: a jobId-like parameter
    ("parameter", "https://careers.example.com/job?jobId=98765", "98765"),
    (
        "parameter",
        "https://career5.successfactors.eu/career?company=acme&career_job_req_id=4321",
        "4321",
    ),
]

NOTHING = [
    "",
    "   ",
    "not a link",
    "mailto:jobs@acme.example",
    "ftp://ftp.example.com/jobs/12345",
    "https://acme.example/jobs/1",  # too short to be an ID
    "https://www.tsmc.com/english",
    "https://boards.greenhouse.io/stripe",  # the company's board, no job
    "https://boards.greenhouse.io/embed/job_app?for=airbnb",
    "https://jobs.lever.co/netflix",
    "https://jobs.lever.co/netflix/not-a-job",
    "https://jobs.ashbyhq.com/openai",
    "https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternalCareerSite",
    "https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternalCareerSite/job/US-CA-Santa-Clara",
    "https://jobs.smartrecruiters.com/Visa",
    "https://careers-tesla.icims.com/jobs/search?ss=1&searchKeyword=engineer",
    "https://careers.google.com/jobs/results/?q=engineer&location=Taipei",
    "https://www.amazon.jobs/en/search?base_query=engineer",
    # Job boards number postings their own way: not the company's job ID.
    "https://www.linkedin.com/jobs/view/3812345678/",
    "https://www.linkedin.com/jobs/search/?currentJobId=3812345678",
    "https://tw.linkedin.com/jobs/view/software-engineer-at-acme-3812345678",
    "https://www.indeed.com/viewjob?jk=a1b2c3d4e5f6a7b8",
    "https://www.104.com.tw/job/7abcd?jobsource=index_s",
    "https://www.cake.me/companies/acme/jobs/backend-engineer-12345",
    # A number on a page that is not about jobs.
    "https://news.example.com/2024/05/123456-chip-makers-hire",
    "https://www.example.com/blog/r2-d2",
    "https://www.example.com/products/R12-cable",
]


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        pytest.param(link, expected, id=f"{system}-{i}")
        for i, (system, link, expected) in enumerate(FOUND)
    ],
)
def test_the_job_id_is_read_from_the_link(link, expected):
    assert job_id_from_link(link) == expected


@pytest.mark.parametrize("link", NOTHING)
def test_a_link_without_a_job_id_gives_nothing(link):
    assert job_id_from_link(link) == ""


def test_every_system_has_two_links_at_least():
    systems = [system for system, _link, _id in FOUND]
    for system in (
        "greenhouse",
        "lever",
        "workday",
        "ashby",
        "smartrecruiters",
        "icims",
        "careers",
        "requisition",
    ):
        assert systems.count(system) >= 2, system


def test_a_link_without_its_scheme_is_read_too():
    assert job_id_from_link("boards.greenhouse.io/stripe/jobs/5712345") == "5712345"


def test_an_id_longer_than_the_field_is_no_id():
    assert job_id_from_link(f"https://careers.example.com/jobs/{'1' * 81}") == ""
