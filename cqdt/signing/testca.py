"""A test certificate hierarchy: root CA → issuing CA → person and agency signing certificates.

Used by the tests and the demo; never for production keys. Certificates carry UTF-8 Vietnamese names,
the key usages a Vietnamese signing certificate has (digitalSignature + nonRepudiation), and validity
periods given as parameters so tests can make expired or not-yet-valid ones.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

KeyType = Literal["ec", "rsa"]
PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

ROOT_NAME = "CA Chính phủ (thử nghiệm)"
# Real signing certificates name where their CA publishes its CRL; validators check a CRL they hold (local or
# embedded in the PDF) only for certificates that declare one. The .invalid domain never resolves.
CRL_URL = "http://ca.thu-nghiem.invalid/ca-cap-2.crl"
ISSUING_NAME = "CA cấp 2 (thử nghiệm)"
CA_ORGANISATION = "Ban Cơ yếu Chính phủ (thử nghiệm)"


@dataclass(frozen=True)
class IssuedCertificate:
    certificate: x509.Certificate
    private_key: PrivateKey
    chain: tuple[x509.Certificate, ...] = field(default=())
    """The issuers above this certificate, nearest first (the issuing CA, then the root)."""

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    def private_key_pkcs8_pem(self) -> bytes:
        """The key unencrypted in PKCS#8 PEM, the form `softhsm2-util --import` reads."""
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    def pkcs12(self, passphrase: str, *, include_chain: bool = True) -> bytes:
        """The key, the certificate and (by default) its issuers, encrypted with `passphrase`."""
        common_name = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        return pkcs12.serialize_key_and_certificates(
            name=str(common_name).encode(),
            key=self.private_key,
            cert=self.certificate,
            cas=list(self.chain) if include_chain else None,
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
        )


@dataclass(frozen=True)
class TestHierarchy:
    root: IssuedCertificate
    issuing: IssuedCertificate

    def issue_person(
        self,
        *,
        full_name: str,
        title: str,
        organisation: str,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        key_type: KeyType = "ec",
    ) -> IssuedCertificate:
        subject = _name(common_name=full_name, organisation=organisation, title=title)
        return issue_signing_certificate(
            issuer=self.issuing,
            subject=subject,
            not_before=not_before,
            not_after=not_after,
            key_type=key_type,
        )

    def issue_agency(
        self,
        *,
        agency_name: str,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        key_type: KeyType = "ec",
    ) -> IssuedCertificate:
        subject = _name(common_name=agency_name, organisation=agency_name)
        return issue_signing_certificate(
            issuer=self.issuing,
            subject=subject,
            not_before=not_before,
            not_after=not_after,
            key_type=key_type,
        )


def _name(*, common_name: str, organisation: str, title: str = "") -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _new_key(key_type: KeyType) -> PrivateKey:
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _build(
    *,
    subject: x509.Name,
    key: PrivateKey,
    issuer: IssuedCertificate | None,
    ca: bool,
    path_length: int | None,
    not_before: datetime,
    not_after: datetime,
    crl_url: str = "",
) -> x509.Certificate:
    issuer_name = issuer.certificate.subject if issuer else subject
    signing_key = issuer.private_key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length), critical=True)
        .add_extension(_key_usage(ca=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    authority_key = issuer.private_key.public_key() if issuer else key.public_key()
    builder = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(authority_key), critical=False
    )
    if crl_url:
        point = x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(crl_url)],
            relative_name=None,
            reasons=None,
            crl_issuer=None,
        )
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def make_hierarchy(
    *,
    key_type: KeyType = "ec",
    not_before: datetime | None = None,
    valid_days: int = 3650,
    root_name: str = ROOT_NAME,
) -> TestHierarchy:
    """A self-signed root and an issuing CA under it, valid from `not_before` (default: a day ago)."""
    start = not_before or datetime.now(UTC) - timedelta(days=1)
    end = start + timedelta(days=valid_days)
    root_key = _new_key(key_type)
    root_cert = _build(
        subject=_name(common_name=root_name, organisation=CA_ORGANISATION),
        key=root_key,
        issuer=None,
        ca=True,
        path_length=1,
        not_before=start,
        not_after=end,
    )
    root = IssuedCertificate(root_cert, root_key)
    issuing_key = _new_key(key_type)
    issuing_cert = _build(
        subject=_name(common_name=ISSUING_NAME, organisation=CA_ORGANISATION),
        key=issuing_key,
        issuer=root,
        ca=True,
        path_length=0,
        not_before=start,
        not_after=end,
    )
    return TestHierarchy(root=root, issuing=IssuedCertificate(issuing_cert, issuing_key, (root_cert,)))


def issue_signing_certificate(
    *,
    issuer: IssuedCertificate,
    subject: x509.Name,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    key_type: KeyType = "ec",
    crl_url: str = CRL_URL,
) -> IssuedCertificate:
    """An end-entity signing certificate; by default valid from a day ago for two years."""
    start = not_before or datetime.now(UTC) - timedelta(days=1)
    end = not_after or start + timedelta(days=730)
    key = _new_key(key_type)
    certificate = _build(
        subject=subject,
        key=key,
        issuer=issuer,
        ca=False,
        path_length=None,
        not_before=start,
        not_after=end,
        crl_url=crl_url,
    )
    return IssuedCertificate(certificate, key, (issuer.certificate, *issuer.chain))


def make_crl(
    *,
    issuer: IssuedCertificate,
    revoked: list[tuple[int, datetime]],
    this_update: datetime | None = None,
    next_update: datetime | None = None,
) -> bytes:
    """A DER CRL from `issuer` listing (serial number, revocation date) pairs."""
    start = this_update or datetime.now(UTC) - timedelta(hours=1)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.certificate.subject)
        .last_update(start)
        .next_update(next_update or start + timedelta(days=30))
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.private_key.public_key()),
            critical=False,
        )
        .add_extension(x509.CRLNumber(1), critical=False)
    )
    for serial, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
        )
    return builder.sign(issuer.private_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
