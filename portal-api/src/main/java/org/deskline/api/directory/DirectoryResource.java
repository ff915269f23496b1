package org.deskline.api.directory;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Locale;
import org.deskline.api.auth.Caller;
import org.deskline.api.presence.PresenceJson;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.User;
import org.deskline.core.error.DomainException;
import org.deskline.core.presence.PresenceService;

/**
 * The company directory for a signed-in user: colleagues by extension prefix or name, with presence.
 * Answered from memory. {@code X-Total-Count} says how many matched before {@code limit}.
 */
@Path("directory")
@Produces(MediaType.APPLICATION_JSON)
public final class DirectoryResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final DirectoryView view;
    private final PresenceService presence;

    public DirectoryResource(DirectoryView view, PresenceService presence) {
        this.view = view;
        this.presence = presence;
    }

    @GET
    public Response search(@Context SecurityContext sc, @QueryParam("q") String q, @QueryParam("limit") String limit) {
        Caller.user(sc);
        int n = limit == null ? DEFAULT_LIMIT : parseLimit(limit);
        String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        List<User> matches = view.users().stream()
                .filter(u -> needle.isEmpty() || u.extension().startsWith(needle)
                        || u.name().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        List<DirectoryEntryJson> entries = matches.stream().limit(n)
                .map(u -> new DirectoryEntryJson(u.id().value(), u.extension(), u.name(),
                        PresenceJson.of(presence.of(u.id()))))
                .toList();
        return Response.ok(entries).header("X-Total-Count", matches.size()).build();
    }

    private static int parseLimit(String raw) {
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= 1 && v <= MAX_LIMIT) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DomainException.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}
