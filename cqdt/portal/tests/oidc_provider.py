"""The test identity provider: django-oauth-toolkit with OpenID Connect, releasing VNeID-style claims."""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class VneidClaimsValidator(OAuth2Validator):
    # Release every claim below whatever the scopes (the national provider sends its own claim names).
    oidc_claim_scope = None

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "name": user.full_name,
            "SoDinhDanh": user.identity_number,
            "NgayThangNamSinh": "12/04/1990",
            "phone_number": user.phone,
            "email": user.email,
        }
