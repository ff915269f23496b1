package org.deskline.testkit.baresip;

import java.util.Map;

/**
 * An event pushed by baresip over ctrl_tcp, e.g. {@code CALL_ESTABLISHED}, {@code CALL_RTPESTAB},
 * {@code CALL_DTMF_START}, {@code CALL_CLOSED}, {@code REGISTER_OK}, {@code REGISTER_FAIL}.
 *
 * @param param  the event parameter (peer URI, DTMF digit, close reason, ...)
 * @param fields every field of the JSON object
 */
public record BaresipEvent(long nanos, String type, String eventClass, String direction, String peerUri,
                           String callId, String param, Map<String, Object> fields) {

    static BaresipEvent of(long nanos, Map<String, Object> json) {
        return new BaresipEvent(nanos, str(json, "type"), str(json, "class"), str(json, "direction"),
                str(json, "peeruri"), str(json, "id"), str(json, "param"), Map.copyOf(withoutNulls(json)));
    }

    private static String str(Map<String, Object> json, String key) {
        Object v = json.get(key);
        return v == null ? "" : String.valueOf(v);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> json) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        json.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return type + (direction.isEmpty() ? "" : " " + direction) + (peerUri.isEmpty() ? "" : " " + peerUri)
                + (param.isEmpty() ? "" : " (" + param + ")");
    }
}
