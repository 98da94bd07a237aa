"""The decision letter as a real beschikking (issue 7): addressed to the
parents with authority, the municipality's letterhead, a unique reference,
the decision, the legal remedies clause, PDF/A; and the page where the
coordinator edits the texts with a preview."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from buitenshuis.referrals import letter
from buitenshuis.referrals.models import LetterTemplate


def png_logo():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 160), (0, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_sample_pdf(world, media):
    municipality = world.programme.municipalities.first()
    municipality.logo = png_logo()
    municipality.postal_address = "Postbus 16200\n3500 CE Utrecht"
    municipality.phone = "14 030"
    municipality.website = "https://www.utrecht.nl"
    municipality.save()
    texts = LetterTemplate.for_programme(world.programme)
    texts.signer_name = "A. de Beleidsmaker"
    texts.signer_function = "Teamleider Jeugd"
    texts.save()
    for accepted in (True, False):
        pdf = letter.render_pdf(letter.sample_context(world.programme, texts, accepted))
        open(f"/tmp/letterpdf/sample-{accepted}.pdf", "wb").write(pdf)
