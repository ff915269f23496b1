package org.deskline.web;

/** Locates the portal's static files inside this jar, for the server to serve at {@code /}. */
public final class WebPortal {
    /** Class-path folder holding {@code index.html} and its assets. */
    public static final String RESOURCE_ROOT = "/deskline-web/";

    private WebPortal() {
    }
}
