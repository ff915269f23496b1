package org.deskline.api.calls;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.deskline.api.auth.Caller;
import org.deskline.core.calllog.CallLog;
import org.deskline.core.error.DomainException;

/** The signed-in user's finished calls, newest first, paged by keyset ({@code before} an entry id). */
@Path("users/me/call-log")
@Produces(MediaType.APPLICATION_JSON)
public final class CallLogResource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final CallLog callLog;

    public CallLogResource(CallLog callLog) {
        this.callLog = callLog;
    }

    @GET
    public CallLogPage page(@Context SecurityContext sc, @QueryParam("limit") String limit,
            @QueryParam("before") String before) {
        var user = Caller.user(sc);
        int n = limit == null ? DEFAULT_LIMIT : (int) number(limit, "limit", 1, MAX_LIMIT);
        Long cursor = before == null ? null : number(before, "before", 1, Long.MAX_VALUE);
        List<CallLog.Entry> rows = callLog.recent(user, n + 1, cursor);
        List<CallLogPage.Entry> page = rows.stream().limit(n)
                .map(e -> new CallLogPage.Entry(e.id(), CallJson.of(e.call()))).toList();
        return new CallLogPage(page, rows.size() > n ? page.get(n - 1).id() : null);
    }

    static long number(String raw, String field, long min, long max) {
        try {
            long v = Long.parseLong(raw.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DomainException.invalid(field, max == Long.MAX_VALUE ? "must be a positive whole number"
                : "must be a whole number from " + min + " to " + max);
    }
}
