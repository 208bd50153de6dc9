"""Every write of the one-stop back office."""

from cqdt.dossiers.services._common import ApplicantData
from cqdt.dossiers.services.pauses import (
    dossier_confirm_fees,
    dossier_register_supplement,
    dossier_request_fees,
    dossier_request_supplement,
    dossier_submit_supplement,
)
from cqdt.dossiers.services.processing import (
    dossier_decide,
    dossier_forward,
    dossier_reassign,
    dossier_recall,
    dossier_send_back,
    dossier_transfer,
)
from cqdt.dossiers.services.reception import (
    competent_agency,
    dossier_accept_online,
    dossier_receive,
    dossier_refuse_reception,
    dossier_submit_online,
)
from cqdt.dossiers.services.results import (
    apology_decide,
    apology_draft,
    dossier_adjust_deadline,
    dossier_record_result,
    dossier_return_result,
    dossier_stop,
    dossier_withdraw,
)
from cqdt.dossiers.services.signing import dossier_sign_result
from cqdt.dossiers.services.statistics_summary import (
    statistics_current_month,
    statistics_first_month,
    statistics_months_due,
    statistics_months_refresh,
)

__all__ = [
    "ApplicantData",
    "apology_decide",
    "apology_draft",
    "competent_agency",
    "dossier_accept_online",
    "dossier_adjust_deadline",
    "dossier_confirm_fees",
    "dossier_decide",
    "dossier_forward",
    "dossier_reassign",
    "dossier_recall",
    "dossier_receive",
    "dossier_record_result",
    "dossier_refuse_reception",
    "dossier_register_supplement",
    "dossier_request_fees",
    "dossier_request_supplement",
    "dossier_return_result",
    "dossier_send_back",
    "dossier_sign_result",
    "dossier_stop",
    "dossier_submit_online",
    "dossier_submit_supplement",
    "dossier_transfer",
    "dossier_withdraw",
    "statistics_current_month",
    "statistics_first_month",
    "statistics_months_due",
    "statistics_months_refresh",
]
