from . import beneficiary_report_base
from . import beneficiary_beneficiary_report
from . import beneficiary_request_report
from . import beneficiary_committee_meeting_report
from . import beneficiary_committee_decision_report
from . import beneficiary_evidence_pack_report
from . import beneficiary_complaint_report
from . import beneficiary_compensation_report
