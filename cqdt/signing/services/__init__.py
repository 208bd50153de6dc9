"""Writes for signing: the trust store, certificate registration, and PAdES signing of PDFs.

`pdf_verify` (a read: nothing is written) lives in `verification.py` and is re-exported here so other apps
use one entry point.
"""

from cqdt.signing.services.certificates import (
    certificate_deactivate,
    certificate_register_pkcs11,
    certificate_register_pkcs12,
)
from cqdt.signing.services.documents import pdf_sign
from cqdt.signing.services.trust_anchors import trust_anchor_add, trust_anchor_disable, trust_anchor_enable
from cqdt.signing.verification import SignatureReport, TrustStatus, Verdict, VerificationReport, pdf_verify

__all__ = [
    "SignatureReport",
    "TrustStatus",
    "Verdict",
    "VerificationReport",
    "certificate_deactivate",
    "certificate_register_pkcs11",
    "certificate_register_pkcs12",
    "pdf_sign",
    "pdf_verify",
    "trust_anchor_add",
    "trust_anchor_disable",
    "trust_anchor_enable",
]
