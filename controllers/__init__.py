from . import forms
from . import portal
from . import policy
