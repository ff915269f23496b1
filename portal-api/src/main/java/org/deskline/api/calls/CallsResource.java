package org.deskline.api.calls;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.regex.Pattern;
import org.deskline.api.auth.Caller;
import org.deskline.api.problem.Bodies;
import org.deskline.core.call.CallControl;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallTracker;
import org.deskline.core.call.CallView;
import org.deskline.core.call.TrackedCall;
import org.deskline.core.directory.UserId;
import org.deskline.core.error.DomainException;
import org.deskline.core.error.Validator;

/**
 * The signed-in user's live calls: click-to-call, the list, hanging up. Another user's call is not
 * found, whatever its id.
 */
@Path("users/me/calls")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class CallsResource {
    /** What may be dialled after removing the separators people type: an extension or a phone number. */
    static final Pattern DESTINATION = Pattern.compile("\\+?[0-9]{1,32}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().\\-/]");

    private final CallTracker calls;
    private final CallControl control;

    public CallsResource(CallTracker calls, CallControl control) {
        this.calls = calls;
        this.control = control;
    }

    @GET
    public List<CallJson> live(@Context SecurityContext sc) {
        return calls.live(Caller.user(sc)).stream().map(CallJson::of).toList();
    }

    /** Click-to-call: the call comes back at once in state {@code dialing}; progress arrives as events. */
    @POST
    public Response call(@Context SecurityContext sc, ClickToCallInput body) {
        UserId user = Caller.user(sc);
        Bodies.require(body);
        String destination = body.destination() == null ? null : SEPARATORS.matcher(body.destination()).replaceAll("");
        new Validator().notBlank(destination, "destination")
                .matches(destination == null || destination.isEmpty() ? null : destination, DESTINATION, "destination",
                        "must be an extension or a phone number: digits, optionally with a leading +")
                .throwIfInvalid();
        CallView call = control.clickToCall(user, destination);
        return Response.created(UriBuilder.fromPath("users/me/calls/{id}").build(call.callId().value()))
                .entity(CallJson.of(call)).build();
    }

    @GET
    @Path("{callId}")
    public CallJson get(@Context SecurityContext sc, @PathParam("callId") String callId) {
        return CallJson.of(find(Caller.user(sc), callId).view());
    }

    /** Hangs up: the SIP side ends the call, then reports {@code call_ended}. */
    @DELETE
    @Path("{callId}")
    public Response hangup(@Context SecurityContext sc, @PathParam("callId") String callId) {
        find(Caller.user(sc), callId).hangup();
        return Response.noContent().build();
    }

    private TrackedCall find(UserId user, String callId) {
        return calls.find(user, new CallId(callId))
                .orElseThrow(() -> DomainException.notFound("call-not-found", "No such call in progress"));
    }
}
