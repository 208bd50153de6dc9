"""The test CA generator: names, key usages, validity parameters, PKCS#12 export and CRLs."""

from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from cqdt.signing import testca


def test_hierarchy_names_and_chain():
    hierarchy = testca.make_hierarchy()
    root, issuing = hierarchy.root.certificate, hierarchy.issuing.certificate
    assert root.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "CA Chính phủ (thử nghiệm)"
    assert issuing.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "CA cấp 2 (thử nghiệm)"
    assert issuing.issuer == root.subject
    issuing.verify_directly_issued_by(root)
    root.verify_directly_issued_by(root)
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 1
    assert issuing.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 0


def test_person_certificate_for_signing():
    hierarchy = testca.make_hierarchy()
    person = hierarchy.issue_person(full_name="Lăng Văn Hùng", title="Giám đốc Sở", organisation="Sở Tư pháp")
    cert = person.certificate
    cert.verify_directly_issued_by(hierarchy.issuing.certificate)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert (usage.digital_signature, usage.content_commitment, usage.key_cert_sign) == (True, True, False)
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert cert.subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Giám đốc Sở"
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert points[0].full_name[0].value == testca.CRL_URL
    assert isinstance(person.private_key, ec.EllipticCurvePrivateKey)
    assert person.chain == (hierarchy.issuing.certificate, hierarchy.root.certificate)


def test_validity_is_a_parameter_and_rsa_is_available():
    hierarchy = testca.make_hierarchy(key_type="rsa")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    agency = hierarchy.issue_agency(
        agency_name="Sở Tư pháp tỉnh Lạng Sơn",
        not_before=start,
        not_after=start + timedelta(days=30),
        key_type="rsa",
    )
    assert agency.certificate.not_valid_before_utc == start
    assert agency.certificate.not_valid_after_utc == datetime(2024, 1, 31, tzinfo=UTC)
    assert isinstance(agency.private_key, rsa.RSAPrivateKey)
    assert agency.private_key.key_size == 2048


def test_pkcs12_export_opens_only_with_its_passphrase():
    hierarchy = testca.make_hierarchy()
    person = hierarchy.issue_person(full_name="Nguyễn Văn A", title="", organisation="UBND xã")
    data = person.pkcs12("mật khẩu")
    key, cert, extra = pkcs12.load_key_and_certificates(data, "mật khẩu".encode())
    assert cert == person.certificate
    assert extra == [hierarchy.issuing.certificate, hierarchy.root.certificate]
    assert key is not None
    try:
        pkcs12.load_key_and_certificates(data, b"sai")
    except ValueError:
        pass
    else:
        raise AssertionError("a wrong passphrase opened the PKCS#12 file")


def test_crl_lists_revoked_serials():
    hierarchy = testca.make_hierarchy()
    when = datetime(2025, 6, 1, tzinfo=UTC)
    crl = x509.load_der_x509_crl(testca.make_crl(issuer=hierarchy.issuing, revoked=[(12345, when)]))
    assert crl.is_signature_valid(hierarchy.issuing.certificate.public_key())
    revoked = crl.get_revoked_certificate_by_serial_number(12345)
    assert revoked is not None
    assert revoked.revocation_date_utc == when
