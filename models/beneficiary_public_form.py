import base64
import binascii
import hashlib
import io
import math
import re
import warnings
from datetime import timedelta

from PIL import Image

from odoo import api, fields, models
from odoo.tools.mimetypes import guess_mimetype

from ..tools.digits import normalize_digits, strip_spaces_and_separators
from ..tools.national_id import NationalIdError, normalize_national_id, validate_national_id

# Each accepted extension and the type its content must have.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
ALLOWED_EXTENSIONS = set(ALLOWED_TYPES)
MAX_FILE_SIZE = 5 * 1024 * 1024
# Pixels of an uploaded image, checked from its header before anything decodes it.
MAX_IMAGE_PIXELS = 50_000_000
MAX_SIGNATURE_SIZE = 512 * 1024
MAX_SIGNATURE_SIDE = 4000
MAX_TEXT_LENGTH = 5000
MAX_AMOUNT = 10_000_000
# Submissions (accepted or refused) allowed per visitor address and hour.
RATE_LIMIT_PARAM = "beneficiary_relations.public_form_hourly_limit"
DEFAULT_RATE_LIMIT = 10
# Control characters (but tab and line breaks), lone surrogates and non-characters:
# PostgreSQL refuses NUL, XML refuses the others, and no person types them.
FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SAUDI_MOBILE = re.compile(r"^(?:\+?966|0)?(5[0-9]{8})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SIGNATURE = re.compile(r"^data:image/png;base64,([A-Za-z0-9+/=]+)$")


class PublicFormError(Exception):
    """Errors of a public form, by field name, in the visitor's language."""

    def __init__(self, errors):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class BeneficiaryPublicForm(models.AbstractModel):
    """Checks and records what visitors submit through the public web forms.

    Everything is checked before anything is written, so a refused submission
    leaves nothing behind; the controller also runs it inside a savepoint.
    """

    _name = "beneficiary.public.form"
    _description = "Public Web Forms"

    # ------------------------------------------------------------------ checks
    @api.model
    def _ip_hash(self, address):
        return hashlib.sha256((address or "").encode()).hexdigest()[:32]

    @api.model
    def _record_attempt(self, ip_address):
        """Count this submission toward the connection's hourly limit, whatever its
        fate; called before anything is checked, outside the rolled-back part."""
        return self.env["beneficiary.public.form.attempt"]._record(self._ip_hash(ip_address))

    @api.model
    def _check_rate_limit(self, ip_hash):
        try:
            limit = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param(RATE_LIMIT_PARAM, DEFAULT_RATE_LIMIT)
            )
        except ValueError:
            limit = DEFAULT_RATE_LIMIT
        since = fields.Datetime.now() - timedelta(hours=1)
        used = (
            self.env["beneficiary.public.form.attempt"]
            .sudo()
            .search_count([("ip_hash", "=", ip_hash), ("date", ">=", since)])
        )
        if used > limit:
            raise PublicFormError(
                {
                    "form": self.env._(
                        "Too many submissions from your connection in the last hour. Please try "
                        "again later or call us."
                    )
                }
            )

    @api.model
    def _normalize_mobile(self, value):
        """A Saudi mobile in E.164 (``+9665XXXXXXXX``), False when it is not one.

        ``phone_validation`` formats the number for Saudi Arabia (and checks it against
        the numbering plan when the ``phonenumbers`` library is installed); the mobile
        shape (5 and eight digits) is checked here, as it tells no mobile from a landline.
        """
        compact = strip_spaces_and_separators(normalize_digits(value or ""))
        match = _SAUDI_MOBILE.match(compact)
        if not match:
            return False
        # The cached xmlid lookup: env.ref() would check the country exists for each number.
        saudi_arabia = self.env["res.country"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id("base.sa")
        )
        return self._phone_format(
            number=f"+966{match.group(1)}", country=saudi_arabia, force_format="E164"
        )

    @api.model
    def _clean_text(self, value):
        """``value`` without the characters no form accepts (to show it back)."""
        return FORBIDDEN_CHARACTERS.sub("", value) if isinstance(value, str) else value

    @api.model
    def _check_text_inputs(self, form, errors):
        """Refuse control characters, NUL bytes and overlong values in any field."""
        for key, value in form.items():
            if not isinstance(value, str) or key == "signature":
                continue
            if FORBIDDEN_CHARACTERS.search(value):
                errors[key] = self.env._("This field contains characters that cannot be accepted.")
            elif len(value) > MAX_TEXT_LENGTH:
                errors[key] = self.env._(
                    "This field is too long: at most %(count)s characters.",
                    count=MAX_TEXT_LENGTH,
                )
        if errors:
            errors.setdefault(
                "form",
                self.env._(
                    "Some fields contain characters that cannot be accepted or are too long; "
                    "please correct them."
                ),
            )

    @api.model
    def _image_size(self, content):
        """(width, height) read from the image's header, without decoding it, or
        (0, 0) when it is not a readable image; bombs count as too large."""
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                with Image.open(io.BytesIO(content)) as image:
                    return image.size
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                return (MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS)
            except (OSError, SyntaxError, ValueError, TypeError, Image.UnidentifiedImageError):
                return (0, 0)

    @api.model
    def _read_file(self, upload, errors, key, label):
        """(name, bytes) of an uploaded file, or None after recording the error."""
        name = self._clean_text((getattr(upload, "filename", "") or "").strip())
        content = upload.read(MAX_FILE_SIZE + 1) if upload else b""
        if not name or not content:
            errors[key] = self.env._("%(document)s is required.", document=label)
            return None
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in ALLOWED_TYPES:
            errors[key] = self.env._(
                "%(document)s: only PDF, PNG or JPEG files are accepted.", document=label
            )
            return None
        if len(content) > MAX_FILE_SIZE:
            errors[key] = self.env._(
                "%(document)s is larger than %(size)s MB.",
                document=label,
                size=MAX_FILE_SIZE // (1024 * 1024),
            )
            return None
        # The name says what the visitor claims; the content says what it is.
        if guess_mimetype(content, default="") != ALLOWED_TYPES[extension]:
            errors[key] = self.env._(
                "%(document)s is not really a PDF, PNG or JPEG file: its content does not "
                "match its name.",
                document=label,
            )
            return None
        if extension != "pdf":
            width, height = self._image_size(content)
            if not width or not height:
                errors[key] = self.env._("%(document)s is not a readable image.", document=label)
                return None
            if width * height > MAX_IMAGE_PIXELS:
                errors[key] = self.env._(
                    "%(document)s has too many pixels: scan or photograph it at a lower "
                    "resolution.",
                    document=label,
                )
                return None
        return name, content

    @api.model
    def _check_identity(self, form, errors):
        name = " ".join((form.get("name") or "").split())
        if len(name.split()) < 2:
            errors["name"] = self.env._("Write your full name (at least two names).")
        number = normalize_national_id(form.get("national_id"))
        try:
            validate_national_id(number)
        except NationalIdError as error:
            errors["national_id"] = self.env["beneficiary.beneficiary"]._national_id_error_message(
                number or "-", error.code
            )
        mobile = self._normalize_mobile(form.get("mobile"))
        if not mobile:
            errors["mobile"] = self.env._(
                "Write a Saudi mobile number, e.g. 05XXXXXXXX or +9665XXXXXXXX."
            )
        email = (form.get("email") or "").strip()
        if email and not _EMAIL.match(email):
            errors["email"] = self.env._("The e-mail address is not valid.")
        return name, number, mobile, email

    @api.model
    def _check_declaration(self, form, errors):
        signature = _SIGNATURE.match((form.get("signature") or "").strip())
        if not form.get("declaration"):
            errors["declaration"] = self.env._(
                "You must declare that the data is true and that you are responsible for it."
            )
        if not (form.get("signer") or "").strip():
            errors["signer"] = self.env._("Type your name as your signature.")
        if not signature:
            errors["signature"] = self.env._("Sign in the signature box.")
            return None
        encoded = signature.group(1)
        if len(encoded) > MAX_SIGNATURE_SIZE * 4 // 3 + 4:
            errors["signature"] = self.env._("The signature is too large; sign again.")
            return None
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            data = b""
        if guess_mimetype(data, default="") != "image/png":
            errors["signature"] = self.env._("Sign in the signature box.")
            return None
        # Checked from the header: a tiny file can claim 40000 x 40000 pixels.
        width, height = self._image_size(data)
        if not width or not height:
            errors["signature"] = self.env._("Sign in the signature box.")
            return None
        if width > MAX_SIGNATURE_SIDE or height > MAX_SIGNATURE_SIDE:
            errors["signature"] = self.env._("The signature is too large; sign again.")
            return None
        return encoded

    # ------------------------------------------------------------------ requests
    @api.model
    def _submit_request(self, request_type, form, files, ip_address):
        """Record a request of ``request_type`` from the public form and return it."""
        errors = {}
        if form.get("website_url"):  # the honeypot a person never sees
            raise PublicFormError({"form": self.env._("Your submission could not be accepted.")})
        ip_hash = self._ip_hash(ip_address)
        self._check_rate_limit(ip_hash)
        self._check_text_inputs(form, errors)
        if errors:
            raise PublicFormError(errors)
        name, number, mobile, email = self._check_identity(form, errors)
        description = (form.get("description") or "").strip()
        if request_type.kind in ("aid", "proposal") and not description:
            errors["description"] = self.env._("Describe what you ask for.")
        amount = 0.0
        if request_type.kind == "aid" and form.get("requested_amount"):
            try:
                amount = float(normalize_digits(form["requested_amount"]).replace(",", "."))
            except ValueError:
                amount = -1
            if not math.isfinite(amount) or not 0 <= amount <= MAX_AMOUNT:
                amount = 0.0
                errors["requested_amount"] = self.env._("Write the amount as a positive number.")
        documents = []
        for doc_type in request_type.required_document_type_ids:
            key = f"document_{doc_type.id}"
            read = self._read_file(files.get(key), errors, key, doc_type.name)
            if read:
                documents.append((doc_type, *read))
        signature = None
        if request_type.declaration_required:
            signature = self._check_declaration(form, errors)
        beneficiary = duplicate_of = self.env["beneficiary.beneficiary"]
        if number and "national_id" not in errors:
            beneficiary = beneficiary.sudo().search(
                [("national_id", "=", number), ("company_id", "=", self.env.company.id)], limit=1
            )
            if request_type.kind == "registration" and not beneficiary:
                beneficiary = (
                    self.env["beneficiary.member"]
                    .sudo()
                    .search(
                        [("national_id", "=", number), ("company_id", "=", self.env.company.id)],
                        limit=1,
                    )
                    .beneficiary_id
                )
            if request_type.kind == "registration":
                # A number that already has a file is accepted like any other, so the
                # answer tells nothing about who is registered; an officer reviews it.
                duplicate_of = beneficiary
            elif request_type.beneficiary_required and request_type.kind != "registration":
                if not beneficiary or (
                    mobile
                    and self._normalize_mobile(beneficiary.mobile or beneficiary.phone) != mobile
                ):
                    errors["national_id"] = self.env._(
                        "We could not find a beneficiary file with this national ID and mobile "
                        "number. Apply for registration first, or contact us."
                    )
        if errors:
            raise PublicFormError(errors)

        Request = self.env["beneficiary.request"].sudo()
        website = self.env.ref("beneficiary_relations.channel_website")
        values = {
            "type_id": request_type.id,
            "channel_id": website.id,
            "received_by_id": False,
            "applicant_national_id": number,
            "description": description,
            "requested_amount": amount,
            "aid_kind": "financial" if request_type.kind == "aid" else False,
            "public_ip_hash": ip_hash,
            "document_line_ids": [
                fields.Command.create(
                    {
                        "type_id": doc_type.id,
                        "attachment": base64.b64encode(content),
                        "attachment_name": filename,
                    }
                )
                for doc_type, filename, content in documents
            ],
        }
        if duplicate_of:
            values["description"] = "\n".join(
                part
                for part in (
                    self.env._(
                        "Registration submitted on the public form for a national ID / iqama "
                        "number that already has a file. Check who applied before going on: "
                        "%(name)s, %(mobile)s, %(email)s.",
                        name=name,
                        mobile=mobile,
                        email=email or "-",
                    ),
                    description,
                )
                if part
            )
        elif request_type.kind == "registration":
            beneficiary = (
                self.env["beneficiary.beneficiary"]
                .sudo()
                .create(
                    {
                        "name": name,
                        "national_id": number,
                        "mobile": mobile,
                        "email": email,
                        "category_id": self._category_for(form).id,
                        "preferred_channel_id": (
                            self.env.ref("beneficiary_relations.channel_email")
                            if email
                            else self.env.ref("beneficiary_relations.channel_sms")
                        ).id,
                    }
                )
            )
        if beneficiary:
            values["beneficiary_id"] = beneficiary.id
        else:
            values["partner_id"] = (
                self.env["res.partner"]
                .sudo()
                .create({"name": name, "mobile": mobile, "email": email or False})
                .id
            )
        request = Request.create(values)
        if signature:
            request._sign_declaration(form["signer"], signature)
        return request

    @api.model
    def _form_id(self, value):
        """The record id a form field holds, or 0 (only ASCII digits: "²" is a digit too)."""
        value = str(value or "")
        return int(value) if re.fullmatch(r"[0-9]{1,9}", value) else 0

    @api.model
    def _category_for(self, form):
        category = (
            self.env["beneficiary.category"]
            .sudo()
            .browse(self._form_id(form.get("category_id")))
            .exists()
        )
        return category or self.env.ref("beneficiary_relations.category_general")

    # ------------------------------------------------------------------ complaints
    @api.model
    def _submit_complaint(self, form, files, ip_address):
        errors = {}
        if form.get("website_url"):
            raise PublicFormError({"form": self.env._("Your submission could not be accepted.")})
        ip_hash = self._ip_hash(ip_address)
        self._check_rate_limit(ip_hash)
        self._check_text_inputs(form, errors)
        if errors:
            raise PublicFormError(errors)
        category = (
            self.env["beneficiary.complaint.category"]
            .sudo()
            .browse(self._form_id(form.get("category_id")))
            .exists()
        )
        if not category or not category.active:
            errors["category_id"] = self.env._("Choose what the complaint is about.")
        subject = (form.get("subject") or "").strip()
        description = (form.get("description") or "").strip()
        if not subject:
            errors["subject"] = self.env._("Write the subject of the complaint.")
        if not description:
            errors["description"] = self.env._("Describe the complaint.")
        anonymous = bool(form.get("anonymous"))
        name = mobile = email = False
        if not anonymous:
            name = " ".join((form.get("name") or "").split())
            if len(name.split()) < 2:
                errors["name"] = self.env._("Write your full name (at least two names).")
            mobile = self._normalize_mobile(form.get("mobile"))
            email = (form.get("email") or "").strip()
            if not mobile:
                errors["mobile"] = self.env._(
                    "Write a Saudi mobile number, e.g. 05XXXXXXXX or +9665XXXXXXXX."
                )
            if email and not _EMAIL.match(email):
                errors["email"] = self.env._("The e-mail address is not valid.")
        evidence = None
        upload = files.get("evidence")
        if upload and getattr(upload, "filename", ""):
            evidence = self._read_file(upload, errors, "evidence", self.env._("The attachment"))
        if errors:
            raise PublicFormError(errors)
        website = self.env.ref("beneficiary_relations.channel_website")
        values = {
            "category_id": category.id,
            "subject": subject,
            "description": description,
            "channel_id": website.id,
            "received_by_id": False,
            "is_anonymous": anonymous,
            "public_ip_hash": ip_hash,
        }
        if not anonymous:
            values["partner_id"] = (
                self.env["res.partner"]
                .sudo()
                .create({"name": name, "mobile": mobile, "email": email or False})
                .id
            )
            values["answer_channel_id"] = (
                self.env.ref("beneficiary_relations.channel_email")
                if email
                else self.env.ref("beneficiary_relations.channel_sms")
            ).id
        complaint = self.env["beneficiary.complaint"].sudo().create(values)
        if evidence:
            filename, content = evidence
            complaint.attachment_ids = [
                fields.Command.create(
                    {
                        "name": filename,
                        "raw": content,
                        "res_model": "beneficiary.complaint",
                        "res_id": complaint.id,
                    }
                )
            ]
        return complaint
