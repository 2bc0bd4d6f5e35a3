from . import test_national_id
from . import test_beneficiary
from . import test_access
from . import test_performance
from . import test_request
from . import test_request_access
from . import test_complaint
from . import test_satisfaction
