package org.deskline.api.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.deskline.core.directory.DialPermission;
import org.deskline.core.directory.Language;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.UserFields;
import org.deskline.core.error.DomainException;
import org.deskline.core.error.FieldError;

/**
 * The body of {@code POST /users} and {@code PATCH /users/{id}}. Jackson calls a setter only for a
 * field that is present, so absent fields stay absent; read-only fields of {@link UserJson} are
 * accepted and ignored, so a client may send back what it read.
 */
@JsonIgnoreProperties(value = {"id", "baseDeviceId", "mode", "deviceId", "deviceName", "portalPasswordSet", "presence"})
public final class UserInput {
    private final UserFields fields = new UserFields();
    private final List<FieldError> errors = new ArrayList<>();

    @JsonProperty("extension")
    public void extension(String v) {
        fields.extension = Patch.of(v);
    }

    @JsonProperty("name")
    public void name(String v) {
        fields.name = Patch.of(v);
    }

    @JsonProperty("outboundNumber")
    public void outboundNumber(String v) {
        fields.outboundNumber = Patch.of(v == null || v.isBlank() ? null : v.strip());
    }

    @JsonProperty("portalPassword")
    public void portalPassword(String v) {
        fields.portalPassword = Patch.of(v);
    }

    @JsonProperty("hotdesk")
    public void hotdesk(HotdeskInput v) {
        if (v != null && v.allowed != null) {
            fields.hotdeskAllowed = Patch.of(v.allowed);
        }
    }

    @JsonProperty("telecommuter")
    public void telecommuter(TelecommuterInput v) {
        if (v == null) {
            return;
        }
        if (v.allowed != null) {
            fields.telecommuterAllowed = Patch.of(v.allowed);
        }
        if (v.numberPresent) {
            fields.telecommuterNumber = Patch.of(v.number == null || v.number.isBlank() ? null : v.number.strip());
        }
    }

    @JsonProperty("voicemail")
    public void voicemail(VoicemailInput v) {
        if (v != null && v.enabled != null) {
            fields.voicemailEnabled = Patch.of(v.enabled);
        }
    }

    @JsonProperty("callWaiting")
    public void callWaiting(Boolean v) {
        fields.callWaiting = Patch.of(v);
    }

    @JsonProperty("callbackConfirm")
    public void callbackConfirm(Boolean v) {
        fields.callbackConfirm = Patch.of(v);
    }

    @JsonProperty("dialPermission")
    public void dialPermission(String v) {
        DialPermission p = DialPermission.fromWire(v).orElse(null);
        if (p == null) {
            errors.add(new FieldError("dialPermission", "must be one of internal, national, international"));
        }
        fields.dialPermission = Patch.of(p);
    }

    @JsonProperty("language")
    public void language(String v) {
        if (v == null) {
            fields.language = Patch.of(null);
            return;
        }
        Language l = Language.fromCode(v).orElse(null);
        if (l == null) {
            errors.add(new FieldError("language", "must be one of en, nl, or null for the system default"));
        }
        fields.language = Patch.of(l);
    }

    /** The fields, after the checks that need the JSON form (enumerations). */
    public UserFields toFields() {
        if (!errors.isEmpty()) {
            throw DomainException.invalid(errors);
        }
        return fields;
    }

    @JsonIgnoreProperties(value = {"pinSet", "lockedUntil", "failedAttempts"})
    public static final class HotdeskInput {
        @JsonProperty
        public Boolean allowed;
    }

    public static final class TelecommuterInput {
        @JsonProperty
        public Boolean allowed;
        private String number;
        private boolean numberPresent;

        @JsonProperty("number")
        public void number(String v) {
            number = v;
            numberPresent = true;
        }
    }

    public static final class VoicemailInput {
        @JsonProperty
        public Boolean enabled;
    }
}
