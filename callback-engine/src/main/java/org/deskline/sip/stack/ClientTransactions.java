package org.deskline.sip.stack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.message.Request;

/**
 * The requests this server has sent and is waiting on, each with the listener its responses go to.
 * A transaction is forgotten at its final response, its timeout, or when the stack ends it.
 *
 * <p>Threading: safe from any thread.
 */
public final class ClientTransactions {
    private final Map<ClientTransaction, ResponseListener> pending = new ConcurrentHashMap<>();
    private final SipProvider provider;

    public ClientTransactions(SipProvider provider) {
        this.provider = provider;
    }

    /** Sends {@code request} in a new client transaction whose responses go to {@code listener}. */
    public ClientTransaction send(Request request, ResponseListener listener) throws SipException {
        ClientTransaction ct = provider.getNewClientTransaction(request);
        pending.put(ct, listener);
        try {
            ct.sendRequest();
        } catch (SipException | RuntimeException e) {
            pending.remove(ct);
            throw e;
        }
        return ct;
    }

    /** Sends a CANCEL for a pending INVITE; its responses are of no interest. */
    public void cancel(ClientTransaction invite) throws SipException {
        ClientTransaction ct = provider.getNewClientTransaction(invite.createCancel());
        ct.sendRequest();
    }

    /** The listener for a response; forgets the transaction when the response is final. */
    public ResponseListener forResponse(ClientTransaction ct, int status) {
        if (ct == null) {
            return null;
        }
        return status >= 200 ? pending.remove(ct) : pending.get(ct);
    }

    public ResponseListener remove(ClientTransaction ct) {
        return ct == null ? null : pending.remove(ct);
    }

    public int size() {
        return pending.size();
    }
}
