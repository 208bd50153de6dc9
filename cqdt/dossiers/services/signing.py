"""Signing a dossier's result with a certificate (the agency's seal or a leader's) before it is returned."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cqdt.dossiers.models import Dossier, DossierFile, FileKind
from cqdt.dossiers.services._common import begin, now, record, store_files
from cqdt.dossiers.status import Action
from cqdt.signing.models import Certificate
from cqdt.signing.services import pdf_sign

# The signature box at the bottom right of the first page (PDF points from the bottom-left corner).
RESULT_SIGNATURE_BOX = (320.0, 60.0, 560.0, 150.0)


@transaction.atomic
def dossier_sign_result(
    *, actor: Any, dossier: Dossier, certificate: Certificate, secret: str, signer_title: str = ""
) -> DossierFile:
    """Sign the latest result PDF; the signed copy becomes the result the applicant receives."""
    dossier, previous = begin(dossier, actor=actor, action=Action.SIGN_RESULT)
    result = dossier.files.filter(kind=FileKind.RESULT).order_by("-created_at", "-pk").first()
    if result is None or result.content_type != "application/pdf":
        raise ValidationError("Hồ sơ chưa có tệp kết quả dạng PDF để ký số.")
    with result.file.open("rb") as handle:
        original = handle.read()
    signer = certificate.owner_agency.name if certificate.owner_agency else str(actor)
    signed = pdf_sign(
        actor=actor,
        pdf=original,
        certificate=certificate,
        secret=secret,
        page=1,
        box=RESULT_SIGNATURE_BOX,
        signer_name=signer,
        signer_title=signer_title or "Cơ quan giải quyết",
        reason=f"Ký số kết quả giải quyết hồ sơ {dossier.code}",
        location=dossier.handling_agency.name,
    )
    name = result.original_name.removesuffix(".pdf") + "-da-ky-so.pdf"
    upload = SimpleUploadedFile(name, signed, content_type="application/pdf")
    (stored,) = store_files(dossier=dossier, uploads=[(None, upload)], kind=FileKind.RESULT, actor=actor)
    record(
        dossier=dossier,
        actor=actor,
        action=Action.SIGN_RESULT,
        from_status=previous,
        at=now(),
        after={"file": stored.original_name, "sha256": stored.sha256, "certificate": certificate.subject},
    )
    return stored
