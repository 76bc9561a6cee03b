"""What the audit log can record. New features add their actions here (no migration needed)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOGIN_LOCKED_OUT = "login_locked_out", _("Sign-in refused: account locked")
    LOGOUT = "logout", _("Signed out")
    LOGOUT_EVERYWHERE = "logout_everywhere", _("Signed out of every session")
    OTP_VERIFIED = "otp_verified", _("Second factor passed")
    OTP_FAILED = "otp_failed", _("Second factor failed")
    OTP_DEVICE_ADDED = "otp_device_added", _("Authenticator app added")
    OTP_DEVICE_REMOVED = "otp_device_removed", _("Authenticator app removed")
    BACKUP_CODES_GENERATED = "backup_codes_generated", _("Backup codes generated")
    BACKUP_CODE_USED = "backup_code_used", _("Backup code used")
    USER_CREATED = "user_created", _("User created")
    USER_UPDATED = "user_updated", _("User updated")
    USER_DEACTIVATED = "user_deactivated", _("User deactivated")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset (new key pair)")
    KEY_REWRAPPED = "key_rewrapped", _("Private key re-wrapped at the current cost")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    ORGANISATION_CREATED = "organisation_created", _("Organisation created")
    ORGANISATION_UPDATED = "organisation_updated", _("Organisation updated")
    FOCAL_POINT_CREATED = "focal_point_created", _("Focal point created")
    FOCAL_POINT_UPDATED = "focal_point_updated", _("Focal point updated")
    AREAS_IMPORTED = "areas_imported", _("Areas imported")
    SETTINGS_UPDATED = "settings_updated", _("Network settings updated")
    # Mapping
    SERVICE_CREATED = "service_created", _("Service added to the registry")
    SERVICE_UPDATED = "service_updated", _("Service in the registry updated")
    SERVICE_VERIFIED = "service_verified", _("Service in the registry verified")
    MECHANISM_CREATED = "mechanism_created", _("Complaint and feedback mechanism added")
    MECHANISM_UPDATED = "mechanism_updated", _("Complaint and feedback mechanism updated")
    MECHANISM_VERIFIED = "mechanism_verified", _("Complaint and feedback mechanism verified")
    # Complaints and the case record
    COMPLAINT_CREATED = "complaint_created", _("Complaint received")
    COMPLAINT_TRIAGED = "complaint_triaged", _("Complaint triaged")
    COMPLAINT_CLOSED = "complaint_closed", _("Complaint closed")
    CASE_CONTENT_READ = "case_content_read", _("Sealed case content read")
    ATTACHMENT_READ = "attachment_read", _("Attachment opened")
    SEALED_VALUE_REFUSED = "sealed_value_refused", _("Sealed value refused: it failed its integrity check")
    ALLEGATION_ADDED = "allegation_added", _("Allegation added")
    ALLEGATION_UPDATED = "allegation_updated", _("Allegation updated")
    SURVIVOR_UPDATED = "survivor_updated", _("Survivor details updated")
    SURVIVOR_ADDED = "survivor_added", _("Survivor added")
    PERPETRATOR_ADDED = "perpetrator_added", _("Alleged perpetrator added")
    PERPETRATOR_UPDATED = "perpetrator_updated", _("Alleged perpetrator updated")
    INTAKE_FACTS_UPDATED = "intake_facts_updated", _("Intake facts updated")
    CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    MESSAGE_TO_REPORTER = "message_to_reporter", _("Message sent to the reporter")
    REPORTER_ADDED_INFORMATION = "reporter_added_information", _("Reporter added information")
    REPORTER_FOLLOWED_UP = "reporter_followed_up", _("Reporter opened the follow-up page")
    RECEIPT_GUESSES_BURST = "receipt_guesses_burst", _("Many wrong receipt codes tried: coordinators notified")
    # Keys
    KEY_GRANTED = "key_granted", _("Access to a complaint granted")
    KEY_REVOKED = "key_revoked", _("Access to a complaint revoked")
    KEYS_REGRANTED = "keys_regranted", _("Access re-granted after a password reset")
    RECOVERY_KEY_CREATED = "recovery_key_created", _("Network recovery key created")
    RECOVERY_KEY_ROTATED = "recovery_key_rotated", _("Recovery grants re-wrapped for the new recovery key")
    RECOVERY_ACCESS_RESTORED = "recovery_access_restored", _("Access restored with the network recovery key")
    BACKUP_WRITTEN = "backup_written", _("Encrypted backup written")
    USER_EXCLUDED = "user_excluded", _("User excluded from a complaint")
    COMPLAINT_PURGED = "complaint_purged", _("Sealed content purged after retention")
    # Referrals
    REFERRAL_SENT = "referral_sent", _("Referral sent")
    REFERRAL_ACKNOWLEDGED = "referral_acknowledged", _("Referral acknowledged")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    REFERRAL_PROGRESS = "referral_progress", _("Referral progress reported")
    REFERRAL_CLOSED = "referral_closed", _("Referral closed")
    REFERRAL_REVOKED = "referral_revoked", _("Referral revoked")
    REFERRAL_READ = "referral_read", _("Referral content read")
    CONSENT_OVERRIDDEN = "consent_overridden", _("Assistance referral made without consent (override)")
    REMINDER_SENT = "reminder_sent", _("Deadline reminder sent")
    TRACKER_EXPORTED = "tracker_exported", _("Incident tracker exported")
    TRACKER_IMPORT_UPLOADED = "tracker_import_uploaded", _("Tracker file uploaded for import")
    TRACKER_IMPORTED = "tracker_imported", _("Tracker file imported")
    TRACKER_IMPORT_REJECTS_DOWNLOADED = "tracker_import_rejects_downloaded", _("Rejected rows of an import downloaded")
    TRACKER_IMPORT_DISCARDED = "tracker_import_discarded", _("Tracker import discarded")
    # Insights: reports (counts only, suppressed)
    REPORT_REQUESTED = "report_requested", _("Report requested")
    REPORT_DOWNLOADED = "report_downloaded", _("Report downloaded")
    REPORT_PUBLISHED = "report_published", _("Report published to donors")
    REPORT_UNPUBLISHED = "report_unpublished", _("Report withdrawn from donors")
    # SMS, WhatsApp and field-form webhooks
    WEBHOOK_SIGNATURE_REJECTED = "webhook_signature_rejected", _("Webhook call refused: bad or missing signature")
    REPORTER_MESSAGE_RELAYED = "reporter_message_relayed", _("Message to the reporter sent over SMS/WhatsApp")
    REPORTER_MEDIA_FETCHED = "reporter_media_fetched", _("Media sent by the reporter fetched from the provider")
    REPORTER_MESSAGE_HELD = (
        "reporter_message_held",
        _("Message to the reporter held until they write again (WhatsApp 24-hour rule)"),
    )
    REPORTER_MESSAGE_QUEUED = (
        "reporter_message_queued",
        _("Message to the reporter confirmed and queued for SMS/WhatsApp"),
    )
    REPORTER_MESSAGE_FAILED = (
        "reporter_message_failed",
        _("Message to the reporter could not be sent over SMS/WhatsApp (given up)"),
    )
    # Vocabularies and message templates, managed by coordinators (cases.manage)
    TERM_ADDED = "term_added", _("Vocabulary term added")
    TERM_UPDATED = "term_updated", _("Vocabulary term changed")
    TERM_RETIRED = "term_retired", _("Vocabulary term retired")
    TERM_REACTIVATED = "term_reactivated", _("Vocabulary term reactivated")
    TERM_DELETED = "term_deleted", _("Vocabulary term deleted (never used)")
    MESSAGE_TEMPLATE_SAVED = "message_template_saved", _("Message template saved (new version)")
    MESSAGE_TEMPLATE_RESTORED = "message_template_restored", _("Message template restored (new version)")
    # Members' own figures (insights): a focal point's quarterly return of complaints handled outside the platform
    MEMBER_RETURN_SUBMITTED = "member_return_submitted", _("Members' quarterly figures submitted")
    MEMBER_RETURN_CORRECTED = "member_return_corrected", _("Members' quarterly figures corrected (new version)")
    # The system-wide view at an HQ installation (insights): a country network's quarterly return file imported
    COUNTRY_RETURN_IMPORTED = "country_return_imported", _("Country's quarterly return imported")
    COUNTRY_RETURN_REFUSED = "country_return_refused", _("Country's quarterly return refused (not kept)")
    # The network's coordination (planning): its documents
    DOCUMENT_CREATED = "document_created", _("Network document added")
    DOCUMENT_VERSION_UPLOADED = "document_version_uploaded", _("Network document version uploaded")
    DOCUMENT_VERSION_IN_FORCE = "document_version_in_force", _("Network document version put in force")
    DOCUMENT_DOWNLOADED = "document_downloaded", _("Network document downloaded")
