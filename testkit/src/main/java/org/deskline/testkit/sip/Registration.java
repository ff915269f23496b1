package org.deskline.testkit.sip;

import java.util.ArrayList;
import java.util.List;

/**
 * A REGISTER to send: the registrar {@code host:port}, the address-of-record user, credentials,
 * expiry and contacts. Fluent and mutable; {@link SipPhone#register(Registration)} copies it.
 */
public final class Registration {
    final String registrar;
    String user;
    String authUser;
    String password;
    String domain;
    int expires = 3600;
    final List<String> contacts = new ArrayList<>();
    Digest.Algorithm algorithm;
    final List<String[]> headers = new ArrayList<>();

    private Registration(String registrar) {
        this.registrar = registrar;
    }

    /** A registration at {@code registrar} ({@code host:port}). */
    public static Registration to(String registrar) {
        return new Registration(registrar);
    }

    /** The AOR user part; defaults to the phone's user. */
    public Registration user(String user) {
        this.user = user;
        return this;
    }

    /** The digest username, when it differs from the AOR user. */
    public Registration authUser(String authUser) {
        this.authUser = authUser;
        return this;
    }

    public Registration password(String password) {
        this.password = password;
        return this;
    }

    /** The AOR domain (From/To host); defaults to the phone's domain, else the registrar's host. */
    public Registration domain(String domain) {
        this.domain = domain;
        return this;
    }

    public Registration expires(int seconds) {
        this.expires = seconds;
        return this;
    }

    /**
     * Contact URIs to bind instead of the phone's own, e.g. {@code sip:101@127.0.0.1:5999} or with
     * parameters {@code <sip:101@127.0.0.1:5998>;expires=60}. Several make several Contact headers.
     */
    public Registration contact(String contact) {
        this.contacts.add(contact);
        return this;
    }

    /** Answer only challenges with this algorithm (otherwise the strongest offered). */
    public Registration algorithm(Digest.Algorithm algorithm) {
        this.algorithm = algorithm;
        return this;
    }

    /** An extra header on the REGISTER. */
    public Registration header(String name, String value) {
        this.headers.add(new String[] {name, value});
        return this;
    }
}
