package org.deskline.api.devices;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.deskline.core.directory.DeviceFields;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.UserId;

/** The body of {@code POST /devices} and {@code PATCH /devices/{id}}; see {@link org.deskline.api.users.UserInput}. */
@JsonIgnoreProperties(value = {"id", "loggedInUserId", "registered"})
public final class DeviceInput {
    private final DeviceFields fields = new DeviceFields();

    @JsonProperty("name")
    public void name(String v) {
        fields.name = Patch.of(v);
    }

    @JsonProperty("sipUsername")
    public void sipUsername(String v) {
        fields.sipUsername = Patch.of(v);
    }

    @JsonProperty("sipPassword")
    public void sipPassword(String v) {
        fields.sipPassword = Patch.of(v);
    }

    @JsonProperty("hotdeskEnabled")
    public void hotdeskEnabled(Boolean v) {
        fields.hotdeskEnabled = Patch.of(v);
    }

    @JsonProperty("assignedUserId")
    public void assignedUserId(Long v) {
        fields.assignedUserId = Patch.of(v == null ? null : new UserId(v));
    }

    public DeviceFields toFields() {
        return fields;
    }
}
