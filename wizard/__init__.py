from . import beneficiary_request_refer_wizard
from . import beneficiary_request_declaration_wizard
from . import beneficiary_reason_wizard
from . import beneficiary_evidence_pack_wizard
from . import beneficiary_program_enrol_wizard
