from . import forms
from . import portal
