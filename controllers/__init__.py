from . import forms
from . import portal
from . import policy
from . import data_request
from . import library
